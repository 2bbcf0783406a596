/** 登记矛盾纠纷: type, scale, risk, source, parties (people or organisations), optionally from a grid event (history kept). */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { api } from '../../../app/api';
import { RISK_LABEL, RISK_LEVELS } from '../../../../domain/cases/kinds/dispute';
import type { CaseView } from '../../../features/cases/case-types';
import { useCaseCategories } from '../../../features/cases/case-table';
import { AreaPicker } from '../../../ui/area-picker';
import { showApiError } from '../../../ui/form-errors';

export const RISK_OPTIONS = RISK_LEVELS.map((r) => ({ value: r, label: RISK_LABEL[r] }));
export const SOURCE_OPTIONS = [
  { value: 'screening', label: '排查' },
  { value: 'grid', label: '网格上报' },
  { value: 'visit', label: '来访' },
  { value: 'transfer', label: '转办' },
];
const PARTY_ROLES = [
  { value: 'applicant', label: '申请人' },
  { value: 'respondent', label: '被申请人' },
  { value: 'third', label: '第三人' },
];
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

/** Form.Item control: one area picked with the console's area search. */
function OneArea({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  return <AreaPicker id={id} value={value ? [value] : []} onChange={(codes) => onChange?.(codes.at(-1))} placeholder="输入村(社区)或网格名称查找；不填为本人所在网格" />;
}

type Values = {
  title: string;
  description?: string;
  typeCode: string;
  riskLevel: string;
  source: string;
  peopleInvolved?: number;
  isGroup: boolean;
  amountYuan?: number;
  violenceRisk: boolean;
  areaCode?: string;
  address?: string;
  parties: { name?: string; role: string; partyType: string; members?: number; phone?: string }[];
};

export function RegisterDispute({ open, fromCaseId, onClose, onCreated }: { open: boolean; fromCaseId?: number; onClose: () => void; onCreated: (id: number, number: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const types = useCaseCategories('dispute');

  // converting a grid event: its title, description, place and people fill the form
  useEffect(() => {
    if (!open || !fromCaseId) return;
    api
      .get<CaseView>(`/api/cases/${fromCaseId}`)
      .then((c) =>
        form.setFieldsValue({
          title: c.title,
          description: c.description,
          source: 'grid',
          address: c.address ?? undefined,
          parties: c.people.length ? c.people.map((p, i) => ({ name: p.name, role: i === 0 ? 'applicant' : 'respondent', partyType: 'person', members: 1 })) : undefined,
        }),
      )
      .catch((e) => showApiError(e, message));
  }, [open, fromCaseId, form, message]);

  const submit = async (v: Values) => {
    try {
      const r = await api.post<{ id: number; number: string }>('/api/disputes', {
        ...v,
        description: v.description ?? '',
        address: v.address || undefined,
        areaCode: v.areaCode || undefined,
        fromCaseId,
        parties: v.parties.filter((p) => p.name?.trim()).map((p) => ({ ...p, phone: p.phone || undefined })),
      });
      message.success(`已登记 ${r.number}`);
      onCreated(r.id, r.number);
    } catch (e) {
      showApiError(e, message, form);
    }
  };

  return (
    <Modal title={fromCaseId ? '网格事件转为矛盾纠纷' : '登记矛盾纠纷'} open={open} onOk={() => form.submit()} onCancel={onClose} width={860} destroyOnHidden okText="登记" okButtonProps={{ 'data-testid': 'register-dispute-submit' } as never}>
      {fromCaseId && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="转为矛盾纠纷后，原事件的办理记录保留，两边时间线互相注明。" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="register-dispute-form"
        initialValues={{ riskLevel: 'low', source: 'screening', isGroup: false, violenceRisk: false, parties: [{ role: 'applicant', partyType: 'person', members: 1 }, { role: 'respondent', partyType: 'person', members: 1 }] }}
      >
        <Form.Item name="title" label="纠纷简要情况" rules={[{ required: true, whitespace: true, message: '请填写纠纷简要情况' }, { max: 100, message: '不超过100个字' }]}>
          <Input placeholder="如：集大原高铁涉征地补偿费用分配纠纷" />
        </Form.Item>
        <Form.Item name="description" label="详细情况" rules={[{ max: 5000, message: '不超过5000字' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="typeCode" label="纠纷类型" rules={[{ required: true, message: '请选择纠纷类型' }]}>
              <Select options={types.map((t) => ({ value: t.code, label: t.name }))} placeholder="选择类型" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="riskLevel" label="风险等级">
              <Select options={RISK_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="source" label="来源">
              <Select options={SOURCE_OPTIONS} disabled={!!fromCaseId} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="peopleInvolved" label="涉及人数">
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="amountYuan" label="涉及金额(元)">
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="isGroup" label="群体性纠纷" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="violenceRisk" label="有激化为暴力或刑事案件的风险(登记后立即通报派出所)" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {!fromCaseId && (
          <Form.Item name="areaCode" label="所属村(社区)/网格">
            <OneArea />
          </Form.Item>
        )}
        <Form.Item name="address" label="纠纷发生地" rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.List
          name="parties"
          rules={[
            {
              validator: async (_, parties: Values['parties']) => {
                if (!parties?.some((p) => p?.name?.trim())) throw new Error('至少填写一方当事人');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              <div style={{ fontWeight: 500, marginBottom: 8 }}>当事人(个人或组织；多户一方可填户数)</div>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col span={7}>
                    <Form.Item name={[f.name, 'name']} rules={[{ max: 100 }]}>
                      <Input placeholder="姓名或单位名称" aria-label="当事人姓名" />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, 'role']}>
                      <Select options={PARTY_ROLES} aria-label="当事人身份" />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item name={[f.name, 'partyType']}>
                      <Select options={[{ value: 'person', label: '个人' }, { value: 'org', label: '组织' }]} aria-label="当事人类别" />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item name={[f.name, 'members']}>
                      <InputNumber min={1} precision={0} placeholder="户/人数" style={{ width: '100%' }} aria-label="户/人数" />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'phone']} rules={[{ pattern: PHONE, message: '请输入手机号或座机号' }]}>
                      <Input placeholder="联系电话(加密保存)" aria-label="联系电话" />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除当事人" disabled={fields.length <= 1} />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'third', partyType: 'person', members: 1 })}>
                添加当事人
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
