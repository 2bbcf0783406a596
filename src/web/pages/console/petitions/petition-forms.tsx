/** 信访 forms: 登记 (type, channel, petitioners with at most 5 representatives, 代办), 领导包案"五个一", 接访下访安排. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type Page } from '../../../app/api';
import type { Department } from '../../../app/types';
import { CHANNEL_LABEL, CHANNELS, MAX_REPRESENTATIVES, PETITION_TYPE_LABEL, PETITION_TYPES } from '../../../../domain/cases/kinds/petition';
import { DateInput } from '../../../features/disputes/action-fields';
import { AreaPicker } from '../../../ui/area-picker';
import { showApiError } from '../../../ui/form-errors';

const required = (label: string) => ({ required: true, whitespace: true, message: `请填写${label}` });

function OneArea({ value, onChange, id, placeholder }: { value?: string; onChange?: (v: string | undefined) => void; id?: string; placeholder?: string }) {
  return <AreaPicker id={id} value={value ? [value] : []} onChange={(codes) => onChange?.(codes.at(-1))} placeholder={placeholder} />;
}

type Petitioner = { name?: string; phone?: string; idCard?: string; representative: boolean };
type RegisterValues = {
  petitionType: string;
  channel: string;
  title: string;
  matter: string;
  areaCode: string;
  petitioners: Petitioner[];
  groupSize?: number;
  complainedDepartmentId?: number;
  proxied: boolean;
};

export function RegisterPetition({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('petitionType', form);
  const area = Form.useWatch('areaCode', form);
  const petitioners = Form.useWatch('petitioners', form) ?? [];
  const reps = petitioners.filter((p) => p?.representative).length;
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    if (type !== 'accusation' || !area) return;
    api
      .get<Page<Department>>('/api/departments', { area })
      .then((r) => setDepartments(r.items))
      .catch(() => setDepartments([]));
  }, [type, area]);

  const submit = async (v: RegisterValues) => {
    setBusy(true);
    try {
      const r = await api.post<{ id: number; number: string }>('/api/petitions', {
        ...v,
        petitioners: v.petitioners.filter((p) => p.name?.trim()).map((p) => ({ name: p.name, phone: p.phone || undefined, idCard: p.idCard || undefined, representative: p.representative })),
      });
      message.success(`已登记 ${r.number}，15日内须受理、交办、转送或书面告知`);
      onCreated(r.id);
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="登记信访事项" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={860} okText="登记" okButtonProps={{ 'data-testid': 'register-petition-submit' } as never}>
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="register-petition-form"
        initialValues={{ petitionType: 'appeal', channel: 'visit', proxied: false, petitioners: [{ representative: true }] }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="petitionType" label="信访类型" rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={PETITION_TYPES.map((t) => ({ value: t, label: PETITION_TYPE_LABEL[t] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label="信访形式" rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label="信访事项" rules={[required('信访事项'), { max: 100, message: '不超过100个字' }]}>
          <Input placeholder="一句话概括，如：反映高铁施工影响灌溉水渠" />
        </Form.Item>
        <Form.Item name="matter" label="信访请求和事实理由" rules={[required('信访请求和事实理由'), { max: 5000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="areaCode" label="事项发生地(村/社区)" rules={[{ required: true, message: '请选择事项发生地' }]}>
              <OneArea placeholder="输入村(社区)名称查找" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="groupSize" label="来访人数" tooltip="多人走访时的总人数(含代表)">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="proxied" label="信访代办" valuePropName="checked" tooltip="由综治中心代为办理、跟踪">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {type === 'accusation' && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="检举控告类：信访人身份对被检举控告的单位保密；未选择被检举单位时，所有职能部门均看不到信访人信息。" />
            <Form.Item name="complainedDepartmentId" label="被检举控告的单位">
              <Select allowClear options={departments.map((d) => ({ value: d.id, label: d.name }))} placeholder={area ? '选择单位(可不选)' : '先选择事项发生地'} />
            </Form.Item>
          </>
        )}
        <Form.List
          name="petitioners"
          rules={[
            {
              validator: async (_, rows: Petitioner[]) => {
                if (!rows?.some((p) => p?.name?.trim())) throw new Error('至少填写一名信访人');
                if (rows.filter((p) => p?.representative).length > MAX_REPRESENTATIVES) throw new Error(`多人走访须推选代表，代表不超过${MAX_REPRESENTATIVES}人`);
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              <div style={{ fontWeight: 500, marginBottom: 8 }}>
                信访人{' '}
                <span style={{ fontWeight: 400, color: reps > MAX_REPRESENTATIVES ? '#cf1322' : 'rgba(0,0,0,0.45)' }} data-testid="representative-count">
                  (代表 {reps}/{MAX_REPRESENTATIVES} 人)
                </span>
              </div>
              {fields.map((f) => (
                <Row key={f.key} gutter={8}>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'name']} rules={[{ max: 50 }]}>
                      <Input placeholder="姓名" aria-label="信访人姓名" />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'phone']} rules={[{ pattern: /^1\d{10}$/, message: '请输入11位手机号' }]}>
                      <Input placeholder="手机号(加密保存)" aria-label="信访人手机号" />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[f.name, 'idCard']} rules={[{ pattern: /^\d{17}[\dXx]$/, message: '身份证号为18位' }]}>
                      <Input placeholder="身份证号(用于识别重复信访)" aria-label="信访人身份证号" />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, 'representative']} valuePropName="checked">
                      <Checkbox>代表</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label="删除信访人" />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ representative: reps < MAX_REPRESENTATIVES })} data-testid="add-petitioner">
                添加信访人
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export type LeaderPlan = { leader: string; team: string; plan: string; measures: string; followThrough: string };

/** 领导包案 "五个一": 一名包案领导、一个工作班子、一套化解方案、一套稳控措施、一抓到底(期限和结果). */
export function LeaderPlanForm({ id, plan, open, onClose, onSaved }: { id: number; plan: LeaderPlan | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LeaderPlan>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: LeaderPlan) => {
    setBusy(true);
    try {
      await api.put(`/api/petitions/${id}/leader-plan`, v);
      message.success('已保存领导包案“五个一”');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="领导包案“五个一”" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={680} okText="保存">
      <Form<LeaderPlan> form={form} layout="vertical" onFinish={submit} initialValues={plan ?? undefined} data-testid="leader-plan-form">
        <Form.Item name="leader" label="一名包案领导" rules={[required('包案领导'), { max: 50 }]}>
          <Input placeholder="如：镇党委副书记 张某" />
        </Form.Item>
        <Form.Item name="team" label="一个工作班子" rules={[required('工作班子'), { max: 500 }]}>
          <Input placeholder="如：信访办、司法所、村两委" />
        </Form.Item>
        <Form.Item name="plan" label="一套化解方案" rules={[required('化解方案'), { max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="measures" label="一套稳控措施" rules={[required('稳控措施'), { max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="followThrough" label="一抓到底(办结期限和预期结果)" rules={[required('办结期限和结果'), { max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ScheduleValues = { areaCode: string; leaderName: string; kind: string; day: string; place: string; note?: string };

export function ScheduleForm({ open, defaultArea, onClose, onSaved }: { open: boolean; defaultArea?: string; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: ScheduleValues) => {
    setBusy(true);
    try {
      await api.post('/api/petition-schedules', v);
      message.success('已登记接访下访安排');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="登记领导接访下访" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={600} okText="登记">
      <Form<ScheduleValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'receive', day: dayjs().add(1, 'day').format('YYYY-MM-DD'), areaCode: defaultArea }} data-testid="schedule-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="leaderName" label="领导" rules={[required('领导姓名职务'), { max: 50 }]}>
              <Input placeholder="如：镇长 李某" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label="方式">
              <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'receive', label: '接访' }, { value: 'visit', label: '下访' }]} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="day" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DateInput caseId={0} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="areaCode" label="区域(乡镇或村)" rules={[{ required: true, message: '请选择区域' }]}>
              <OneArea placeholder="输入乡镇或村名称" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="place" label="地点" rules={[required('地点'), { max: 200 }]}>
          <Input placeholder="如：镇综治中心群众接待大厅" />
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} placeholder="如：重点接待征地补偿类来访" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
