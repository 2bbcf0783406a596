/**
 * The records a clerk keeps on a dispute, each a form in a modal: 调解记录, 会商研判 (3+X) with its tasks, 调解协议书
 * (人民调解法 contents, with the split of a sum between groups of households), 签字生效, 司法确认申请, 任务完成.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../../app/api';
import { splitCompensation } from '../../../../domain/cases/kinds/dispute';
import { DateInput, PeopleTags } from '../../../features/disputes/action-fields';
import type { Agreement, ConsultTask, Dispute } from '../../../features/disputes/dispute-types';
import { staffLabel, useDisputeStaff } from '../../../features/disputes/staff';
import { showApiError } from '../../../ui/form-errors';

export type RecordKind = 'session' | 'meeting' | 'agreement';
const today = () => dayjs().format('YYYY-MM-DD');
const required = (label: string, text = true) => ({ required: true, whitespace: text, message: `请填写${label}` });

/** Sends the form's values; on success closes and reloads, on failure shows the server's message on its field. */
function useSubmit<T>(send: (v: T) => Promise<unknown>, done: () => void, ok: string) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<T>();
  const submit = async (v: T) => {
    setBusy(true);
    try {
      await send(v);
      message.success(ok);
      done();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, submit };
}

type SessionValues = { heldOn: string; place?: string; mediators: string[]; partiesPresent: string[]; result: string; record: string };

export function SessionForm({ d, open, onClose, onSaved }: { d: Dispute; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { form, busy, submit } = useSubmit<SessionValues>((v) => api.post(`/api/disputes/${d.id}/sessions`, v), onSaved, '已登记调解记录');
  return (
    <Modal title="登记调解记录" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={720} okText="保存">
      <Form<SessionValues> form={form} layout="vertical" onFinish={submit} initialValues={{ heldOn: today(), result: 'progress' }} data-testid="session-form">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="heldOn" label="调解日期" rules={[{ required: true, message: '请选择调解日期' }]}>
              <DateInput caseId={d.id} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="place" label="调解地点" rules={[{ max: 100 }]}>
              <Input placeholder="如：村委会调解室" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="mediators" label="调解员" rules={[{ required: true, message: '请选择或填写调解员' }]}>
          <PeopleTags caseId={d.id} />
        </Form.Item>
        <Form.Item name="partiesPresent" label="到场当事人" rules={[{ required: true, message: '请填写到场当事人' }]}>
          <Select mode="tags" options={d.parties.map((p) => ({ value: p.name, label: `${p.name}(${p.roleLabel})` }))} placeholder="选择当事人，或输入到场代表姓名后回车" tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        <Form.Item name="result" label="调解结果">
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'progress', label: '有进展' }, { value: 'stalemate', label: '陷入僵局' }, { value: 'agreed', label: '达成一致' }]} />
        </Form.Item>
        <Form.Item name="record" label="调解记录" rules={[required('调解记录'), { max: 5000 }]}>
          <Input.TextArea rows={5} placeholder="各方陈述、争议焦点、调解过程和各方意见" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export const PARTICIPANT_KINDS = [
  { value: 'party_committee', label: '党委政府' },
  { value: 'police', label: '公安' },
  { value: 'discipline', label: '纪检' },
  { value: 'justice', label: '司法' },
  { value: 'court', label: '法庭' },
  { value: 'department', label: '职能部门' },
  { value: 'elder', label: '五老' },
  { value: 'lawyer', label: '律师' },
  { value: 'other', label: '其他' },
];
export const PARTICIPANT_KIND_LABEL: Record<string, string> = Object.fromEntries(PARTICIPANT_KINDS.map((k) => [k.value, k.label]));

/** The kind of a picked staff member from their department (派出所 → 公安 …). */
function kindOf(departmentKind: string | null, role: string): string {
  if (departmentKind === '派出所' || departmentKind === '公安') return 'police';
  if (departmentKind === '司法所') return 'justice';
  if (departmentKind === '法庭') return 'court';
  if (departmentKind) return 'department';
  return role === 'center_staff' || role === 'leader' ? 'party_committee' : 'other';
}

type MeetingValues = {
  heldOn: string;
  topic: string;
  participants: { name: string; unit: string; kind: string }[];
  conclusions: string;
  tasks: { task: string; ownerUnit: string; dueOn?: string }[];
};

export function MeetingForm({ d, open, onClose, onSaved }: { d: Dispute; open: boolean; onClose: () => void; onSaved: () => void }) {
  const staff = useDisputeStaff(d.id);
  const { form, busy, submit } = useSubmit<MeetingValues>((v) => api.post(`/api/disputes/${d.id}/meetings`, { ...v, tasks: v.tasks ?? [] }), onSaved, '已登记会商研判');
  const addStaff = (ids: number[]) => {
    const rows = form.getFieldValue('participants') ?? [];
    const picked = staff.filter((s) => ids.includes(s.id) && !rows.some((r: { name?: string }) => r?.name === s.name));
    form.setFieldValue('participants', [...rows, ...picked.map((s) => ({ name: s.name, unit: s.department ?? s.roleLabel, kind: kindOf(s.departmentKind, s.role) }))]);
  };
  return (
    <Modal title="会商研判(3+X)" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={900} okText="保存">
      <Form<MeetingValues> form={form} layout="vertical" onFinish={submit} initialValues={{ heldOn: today(), participants: [], tasks: [] }} data-testid="meeting-form">
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="heldOn" label="会商日期" rules={[{ required: true, message: '请选择会商日期' }]}>
              <DateInput caseId={d.id} />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="topic" label="会商议题" rules={[required('会商议题'), { max: 200 }]}>
              <Input placeholder="如：林权证真实性及补偿分配方案" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="从本镇工作人员中添加">
          <Select
            mode="multiple"
            value={[]}
            onChange={addStaff}
            options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择参会的综治中心、派出所、司法所等人员"
            data-testid="meeting-staff"
          />
        </Form.Item>
        <Form.List
          name="participants"
          rules={[
            {
              validator: async (_, rows: MeetingValues['participants']) => {
                if ((rows ?? []).filter((r) => r?.name?.trim()).length < 3) throw new Error('会商研判至少3名参会人员(3+X)');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              <Typography.Text strong>参会人员</Typography.Text>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} style={{ marginTop: 8 }}>
                  <Col span={5}>
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择' }]} noStyle>
                      <Select options={PARTICIPANT_KINDS} style={{ width: '100%' }} aria-label="参会类别" />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[f.name, 'name']} rules={[required('姓名')]} noStyle>
                      <Input placeholder="姓名或称谓" aria-label="参会人姓名" />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item name={[f.name, 'unit']} rules={[required('单位')]} noStyle>
                      <Input placeholder="单位(如：木匠沟村“五老”)" aria-label="参会人单位" />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除参会人" />
                  </Col>
                </Row>
              ))}
              <div style={{ margin: '8px 0 16px' }}>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'elder', name: '', unit: '' })} data-testid="add-outside-participant">
                  添加外部人员(五老、乡贤、律师等)
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            </>
          )}
        </Form.List>
        <Form.Item name="conclusions" label="会商结论" rules={[required('会商结论'), { max: 5000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <>
              <Typography.Text strong>会商任务(分解到责任单位)</Typography.Text>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} style={{ marginTop: 8 }}>
                  <Col span={11}>
                    <Form.Item name={[f.name, 'task']} rules={[required('任务')]} noStyle>
                      <Input placeholder="任务内容" aria-label="任务内容" />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'ownerUnit']} rules={[required('责任单位')]} noStyle>
                      <Input placeholder="责任单位" aria-label="责任单位" />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[f.name, 'dueOn']} noStyle>
                      <DateInput caseId={d.id} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除任务" />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ task: '', ownerUnit: '' })} style={{ marginTop: 8 }} data-testid="add-task">
                添加任务
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

type Group = { name: string; share: number; members: number };
type AgreementValues = {
  committee: string;
  partiesText: string;
  facts: string;
  issues: string;
  responsibility: string;
  withSplit: boolean;
  totalYuan?: number;
  groups: Group[];
  otherTerms?: string;
  performance: string;
  mediators: string[];
  copies: number;
  oral: boolean;
};

const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The split's lines of the agreement, each group's share, sum and per-household amount (fen exact). */
export function splitTerms(total: number, groups: Group[]): string[] {
  const parts = splitCompensation(total, groups);
  return groups.map((g, i) => {
    const p = parts[i];
    const rest = p.restFen ? `，尾差${p.restFen}分计入最后一户` : '';
    return `总款${yuan(total)}元的${g.share}%(${yuan(p.groupYuan)}元)由${g.name}(${g.members}户)平均分配，每户${yuan(p.eachYuan)}元${rest}。`;
  });
}

function SplitPreview({ total, groups }: { total?: number; groups?: Group[] }) {
  const ok = !!total && !!groups?.length && groups.every((g) => g?.name && g.share > 0 && g.members > 0);
  const sum = (groups ?? []).reduce((n, g) => n + (g?.share ?? 0), 0);
  const rows = useMemo(() => (ok && total && groups ? splitCompensation(total, groups).map((p, i) => ({ key: i, ...groups[i], ...p })) : []), [ok, total, groups]);
  if (!ok) return null;
  return (
    <Table
      size="small"
      pagination={false}
      data-testid="split-preview"
      dataSource={rows}
      style={{ marginBottom: 12 }}
      columns={[
        { title: '分配对象', dataIndex: 'name' },
        { title: '户数', dataIndex: 'members', width: 70 },
        { title: '比例', dataIndex: 'share', width: 80, render: (v: number) => `${v}%` },
        { title: '金额(元)', dataIndex: 'groupYuan', width: 140, render: yuan },
        { title: '每户(元)', dataIndex: 'eachYuan', width: 140, render: yuan },
      ]}
      footer={() => (Math.abs(sum - 100) < 1e-9 ? `合计 100%，${yuan(total ?? 0)}元` : <Typography.Text type="danger">各方比例合计{sum}%，应为100%</Typography.Text>)}
    />
  );
}

export function AgreementForm({ d, open, onClose, onSaved }: { d: Dispute; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { form, busy, submit } = useSubmit<AgreementValues>(
    (v) => {
      const terms = [
        ...(v.withSplit && v.totalYuan ? splitTerms(v.totalYuan, v.groups) : []),
        ...(v.otherTerms ?? '')
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      ];
      return api.post(`/api/disputes/${d.id}/agreements`, {
        committee: v.committee,
        partiesText: v.partiesText,
        facts: v.facts,
        issues: v.issues,
        responsibility: v.responsibility,
        terms,
        performance: v.performance,
        mediators: v.mediators,
        copies: v.copies,
        oral: v.oral,
      });
    },
    onSaved,
    '已制作调解协议书，请各方签字后点“各方已签字”',
  );
  const withSplit = Form.useWatch('withSplit', form);
  const total = Form.useWatch('totalYuan', form);
  const groups = Form.useWatch('groups', form);
  const money = d.parties.filter((p) => p.partyType === 'person');
  const initial: Partial<AgreementValues> = {
    partiesText: d.parties.map((p) => `${p.roleLabel}：${p.name}${p.members > 1 ? `(${p.members}户)` : ''}`).join('；'),
    facts: d.description,
    withSplit: !!d.amountYuan,
    totalYuan: d.amountYuan ?? undefined,
    groups: money.map((p) => ({ name: p.name, members: p.members })) as Group[],
    copies: Math.max(3, d.parties.length + 1),
    oral: false,
    mediators: d.sessions.at(-1)?.mediators ?? [],
  };
  return (
    <Modal title="制作人民调解协议书" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={900} okText="保存协议书">
      <Form<AgreementValues> form={form} layout="vertical" onFinish={submit} initialValues={initial} data-testid="agreement-form">
        <Form.Item name="committee" label="人民调解委员会" rules={[required('人民调解委员会'), { max: 100 }]}>
          <Input placeholder="如：红砂坝镇人民调解委员会" />
        </Form.Item>
        <Form.Item name="partiesText" label="当事人基本情况(姓名、性别、年龄、住址或单位名称)" rules={[required('当事人基本情况'), { max: 5000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="facts" label="纠纷主要事实" rules={[required('纠纷主要事实'), { max: 5000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="issues" label="争议事项" rules={[required('争议事项'), { max: 5000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="responsibility" label="各方当事人的责任" rules={[required('各方当事人的责任'), { max: 5000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="withSplit" label="协议涉及款项分配(如补偿款在各方之间按比例分配)" valuePropName="checked">
          <Switch />
        </Form.Item>
        {withSplit && (
          <>
            <Form.Item name="totalYuan" label="款项总额(元)" rules={[{ required: true, message: '请填写款项总额' }]}>
              <InputNumber min={0.01} precision={2} style={{ width: 220 }} />
            </Form.Item>
            <Form.List
              name="groups"
              rules={[
                {
                  validator: async (_, gs: Group[]) => {
                    if (!gs?.length) throw new Error('至少一个分配对象');
                    const sum = gs.reduce((n, g) => n + (g?.share ?? 0), 0);
                    if (Math.abs(sum - 100) > 1e-9) throw new Error(`各方比例合计${Number(sum.toFixed(4))}%，应为100%`);
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((f) => (
                    <Row key={f.key} gutter={8}>
                      <Col span={11}>
                        <Form.Item name={[f.name, 'name']} rules={[required('分配对象')]}>
                          <Input placeholder="分配对象(如：持林权证村民)" aria-label="分配对象" />
                        </Form.Item>
                      </Col>
                      <Col span={5}>
                        <Form.Item name={[f.name, 'share']} rules={[{ required: true, message: '请填写比例' }]}>
                          <InputNumber min={0.1} max={100} step={0.1} precision={2} suffix="%" style={{ width: '100%' }} aria-label="分配比例" />
                        </Form.Item>
                      </Col>
                      <Col span={5}>
                        <Form.Item name={[f.name, 'members']} rules={[{ required: true, message: '请填写户数' }]}>
                          <InputNumber min={1} precision={0} suffix="户" style={{ width: '100%' }} aria-label="户数" />
                        </Form.Item>
                      </Col>
                      <Col span={2}>
                        <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除分配对象" />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', members: 1 })} style={{ marginBottom: 8 }}>
                    添加分配对象
                  </Button>
                  <Form.ErrorList errors={errors} />
                </>
              )}
            </Form.List>
            <SplitPreview total={total} groups={groups} />
          </>
        )}
        <Form.Item
          name="otherTerms"
          label="其他协议内容(每行一条)"
          rules={[
            {
              validator: async (_, v?: string) => {
                if (!form.getFieldValue('withSplit') && !v?.trim()) throw new Error('请填写协议内容');
              },
            },
          ]}
        >
          <Input.TextArea rows={3} placeholder="如：双方就本纠纷不再提出其他主张" />
        </Form.Item>
        <Form.Item name="performance" label="履行方式、时限" rules={[required('履行方式、时限'), { max: 2000 }]}>
          <Input placeholder="如：补偿款到账后10日内由村委会一次性发放到户" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="mediators" label="人民调解员" rules={[{ required: true, message: '请选择调解员' }]}>
              <PeopleTags caseId={d.id} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="copies" label="份数">
              <InputNumber min={1} max={20} precision={0} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="oral" label="口头协议(调解员记录)" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function SignForm({ d, a, onClose, onSaved }: { d: Dispute; a: Agreement | null; onClose: () => void; onSaved: () => void }) {
  const { form, busy, submit } = useSubmit<{ signedOn: string }>((v) => api.post(`/api/disputes/${d.id}/agreements/${a?.id}/sign`, { signedOn: v.signedOn, version: a?.version }), onSaved, '协议已生效，司法确认申请期30日');
  return (
    <Modal title="调解协议书签字生效" open={!!a} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden okText="确认已签字">
      <Typography.Paragraph type="secondary">各方当事人已签名、盖章或按指印，人民调解员已签名并加盖人民调解委员会印章。生效后可在30日内共同申请司法确认。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ signedOn: today() }} data-testid="sign-form">
        <Form.Item name="signedOn" label="签字生效日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DateInput caseId={d.id} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ConfirmForm({ d, a, onClose, onSaved }: { d: Dispute; a: Agreement | null; onClose: () => void; onSaved: () => void }) {
  const { form, busy, submit } = useSubmit<{ appliedOn: string; court: string }>((v) => api.post(`/api/disputes/${d.id}/agreements/${a?.id}/confirmation`, v), onSaved, '已登记司法确认申请');
  return (
    <Modal title="登记司法确认申请" open={!!a} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden okText="登记">
      <Typography.Paragraph type="secondary">双方当事人自协议生效之日起30日内共同向人民法院申请司法确认(截止 {a?.confirmDeadline})。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ appliedOn: today() }} data-testid="confirm-form">
        <Form.Item name="appliedOn" label="申请日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DateInput caseId={d.id} />
        </Form.Item>
        <Form.Item name="court" label="人民法院" rules={[required('人民法院'), { max: 100 }]}>
          <Input placeholder="如：丰镇市人民法院" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TaskDoneForm({ d, task, onClose, onSaved }: { d: Dispute; task: ConsultTask | null; onClose: () => void; onSaved: () => void }) {
  const { form, busy, submit } = useSubmit<{ result: string }>((v) => api.post(`/api/disputes/${d.id}/tasks/${task?.id}/done`, v), onSaved, '任务已完成');
  return (
    <Modal title={`任务完成：${task?.task ?? ''}`} open={!!task} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden okText="完成">
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="result" label="完成情况" rules={[required('完成情况'), { max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
