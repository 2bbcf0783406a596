/** 矛盾纠纷台账 and a dispute's records (parties, 调解记录, 会商研判, 调解协议书); actions come from the case engine. */
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage, type Page, withQuery } from '../../../app/api';
import { CaseDetail } from '../../../features/cases/case-detail';
import { useCaseCategories } from '../../../features/cases/case-table';
import { useLoad } from '../../../ui/use-load';

type LedgerItem = {
  id: number;
  number: string;
  title: string;
  areaCode: string;
  statusLabel: string;
  typeName: string;
  riskLevel: string;
  riskLabel: string;
  sourceLabel: string;
  stepName: string;
  peopleInvolved: number;
  isGroup: boolean;
  outcomeLabel: string | null;
  createdAt: string;
};
type Dispute = LedgerItem & {
  description: string;
  outcome: string | null;
  litigationCourt: string | null;
  appraisalInstitution: string | null;
  performance: string | null;
  violenceRisk: boolean;
  parties: { id: number; name: string; roleLabel: string; partyType: string; members: number; phone: string | null }[];
  sessions: { id: number; heldOn: string; mediators: string[]; partiesPresent: string[]; record: string; result: string }[];
  meetings: { id: number; heldOn: string; topic: string; participants: { name: string; unit: string }[]; conclusions: string; tasks: { id: number; task: string; ownerUnit: string; status: string }[] }[];
  agreements: { id: number; status: string; version: number; signedOn: string | null; confirmDeadline: string | null; confirmDaysLeft: number | null; terms: string[]; oral: boolean }[];
};

const RISK_COLOR: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', major: 'red' };
const RISKS = [
  { value: 'low', label: '低' },
  { value: 'medium', label: '中' },
  { value: 'high', label: '高' },
  { value: 'major', label: '重大' },
];
const STEPS = [
  { value: 'screening', label: '预防排查' },
  { value: 'graded', label: '分级化解' },
  { value: 'joint', label: '部门联调' },
  { value: 'leader', label: '包案调处' },
  { value: 'supervise', label: '督办代办' },
];
const OUTCOMES = [
  { value: 'open', label: '办理中' },
  { value: 'success', label: '调解成功' },
  { value: 'litigation', label: '导入司法程序' },
  { value: 'terminated', label: '终止' },
];
const SOURCES = [
  { value: 'screening', label: '排查' },
  { value: 'grid', label: '网格上报' },
  { value: 'visit', label: '来访' },
  { value: 'transfer', label: '转办' },
];

type Filter = { type?: string; risk?: string; step?: string; outcome?: string; q?: string };

function Ledger() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const types = useCaseCategories('dispute');
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const { data, loading } = useLoad(() => api.get<Page<LedgerItem>>('/api/disputes', { ...filter, page, pageSize: 20 }), [JSON.stringify(filter), page]);
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await api.post<{ id: number; number: string }>('/api/disputes', {
        ...v,
        parties: (v.parties ?? []).filter((p: { name?: string }) => p?.name),
      });
      message.success(`已登记 ${r.number}`);
      setOpen(false);
      navigate(`/disputes/${r.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card
      title="矛盾纠纷台账"
      extra={
        <Space>
          <Button href={withQuery('/api/disputes/export', { ...filter })}>导出Excel</Button>
          <Button type="primary" onClick={() => setOpen(true)}>
            登记纠纷
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="纠纷类型" style={{ width: 130 }} options={types.map((t) => ({ value: t.code, label: t.name }))} onChange={(type) => setFilter({ ...filter, type })} />
        <Select allowClear placeholder="风险等级" style={{ width: 110 }} options={RISKS} onChange={(risk) => setFilter({ ...filter, risk })} />
        <Select allowClear placeholder="所处环节" style={{ width: 120 }} options={STEPS} onChange={(step) => setFilter({ ...filter, step })} />
        <Select allowClear placeholder="化解结果" style={{ width: 130 }} options={OUTCOMES} onChange={(outcome) => setFilter({ ...filter, outcome })} />
        <Input.Search allowClear placeholder="编号或标题" style={{ width: 200 }} onSearch={(q) => setFilter({ ...filter, q })} />
      </Space>
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
        onRow={(r) => ({ onClick: () => navigate(`/disputes/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'number', width: 220 },
          { title: '纠纷简要情况', dataIndex: 'title' },
          { title: '类型', dataIndex: 'typeName', width: 100 },
          { title: '风险', dataIndex: 'riskLabel', width: 70, render: (v, r) => <Tag color={RISK_COLOR[r.riskLevel]}>{v}</Tag> },
          { title: '人数', dataIndex: 'peopleInvolved', width: 70, render: (v, r) => `${v}${r.isGroup ? '(群体)' : ''}` },
          { title: '来源', dataIndex: 'sourceLabel', width: 90 },
          { title: '环节', dataIndex: 'stepName', width: 90 },
          { title: '状态', dataIndex: 'statusLabel', width: 110 },
          { title: '结果', dataIndex: 'outcomeLabel', width: 150, render: (v) => v ?? '—' },
        ]}
      />
      <Modal title="登记矛盾纠纷" open={open} onOk={submit} onCancel={() => setOpen(false)} width={720} destroyOnHidden okText="登记">
        <Form form={form} layout="vertical" initialValues={{ riskLevel: 'low', source: 'screening', isGroup: false, parties: [{ role: 'applicant' }, { role: 'respondent' }] }}>
          <Form.Item name="title" label="纠纷简要情况" rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label="详细情况">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="typeCode" label="纠纷类型" rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={types.map((t) => ({ value: t.code, label: t.name }))} />
            </Form.Item>
            <Form.Item name="riskLevel" label="风险等级">
              <Select style={{ width: 100 }} options={RISKS} />
            </Form.Item>
            <Form.Item name="source" label="来源">
              <Select style={{ width: 110 }} options={SOURCES} />
            </Form.Item>
            <Form.Item name="peopleInvolved" label="涉及人数">
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="isGroup" label="群体性" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="violenceRisk" label="有激化风险(立即通报公安)" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="areaCode" label="所属网格/村(社区)编码(不填为本人网格)">
            <Input />
          </Form.Item>
          <Form.List name="parties">
            {(fields, { add }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'name']} label="当事人">
                      <Input placeholder="姓名或单位" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} label="身份">
                      <Select style={{ width: 110 }} options={[{ value: 'applicant', label: '申请人' }, { value: 'respondent', label: '被申请人' }, { value: 'third', label: '第三人' }]} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'partyType']} label="类别">
                      <Select style={{ width: 90 }} options={[{ value: 'person', label: '个人' }, { value: 'org', label: '组织' }]} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'members']} label="户/人数">
                      <InputNumber min={1} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} label="联系电话">
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                  </Space>
                ))}
                <Button onClick={() => add({ role: 'third' })}>添加当事人</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

function RecordForms({ d, reload }: { d: Dispute; reload: () => void }) {
  const { message } = App.useApp();
  const [which, setWhich] = useState<'session' | 'agreement' | null>(null);
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (which === 'session')
        await api.post(`/api/disputes/${d.id}/sessions`, { ...v, mediators: String(v.mediators).split(/[、,，\s]+/).filter(Boolean), partiesPresent: String(v.partiesPresent).split(/[、,，\s]+/).filter(Boolean) });
      else
        await api.post(`/api/disputes/${d.id}/agreements`, { ...v, terms: String(v.terms).split('\n').filter((x) => x.trim()), mediators: String(v.mediators).split(/[、,，\s]+/).filter(Boolean) });
      message.success('已保存');
      setWhich(null);
      form.resetFields();
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const sign = async (a: Dispute['agreements'][number]) => {
    try {
      await api.post(`/api/disputes/${d.id}/agreements/${a.id}/sign`, { signedOn: new Date().toISOString().slice(0, 10), version: a.version });
      message.success('协议已生效，司法确认申请期30日');
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card title="纠纷台账信息" size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="类型">{d.typeName}</Descriptions.Item>
        <Descriptions.Item label="风险等级">
          <Tag color={RISK_COLOR[d.riskLevel]}>{d.riskLabel}</Tag>
          {d.violenceRisk && <Tag color="red">已通报公安</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="五步工作法">{d.stepName}</Descriptions.Item>
        <Descriptions.Item label="来源">{d.sourceLabel}</Descriptions.Item>
        <Descriptions.Item label="涉及人数">{d.peopleInvolved}{d.isGroup ? '(群体性)' : ''}</Descriptions.Item>
        <Descriptions.Item label="结果">{d.outcomeLabel ?? '办理中'}{d.litigationCourt ? `(${d.litigationCourt})` : ''}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>当事人</Typography.Title>
      <Table size="small" rowKey="id" pagination={false} dataSource={d.parties} columns={[{ title: '姓名/单位', dataIndex: 'name' }, { title: '身份', dataIndex: 'roleLabel' }, { title: '户/人数', dataIndex: 'members' }, { title: '电话', dataIndex: 'phone', render: (v) => v ?? '—' }]} />
      <Typography.Title level={5}>调解记录</Typography.Title>
      <Table size="small" rowKey="id" pagination={false} dataSource={d.sessions} columns={[{ title: '日期', dataIndex: 'heldOn', width: 110 }, { title: '调解员', dataIndex: 'mediators', render: (v: string[]) => v.join('、') }, { title: '记录', dataIndex: 'record' }]} />
      <Typography.Title level={5}>会商研判</Typography.Title>
      {d.meetings.map((m) => (
        <Card key={m.id} size="small" style={{ marginBottom: 8 }} title={`${m.heldOn} ${m.topic}`}>
          <div>参加：{m.participants.map((p) => `${p.name}(${p.unit})`).join('、')}</div>
          <div>结论：{m.conclusions}</div>
          {m.tasks.map((t) => (
            <div key={t.id}>
              任务：{t.task}(责任单位 {t.ownerUnit}) <Tag>{t.status === 'done' ? '已完成' : '进行中'}</Tag>
            </div>
          ))}
        </Card>
      ))}
      <Typography.Title level={5}>调解协议书</Typography.Title>
      {d.agreements.map((a) => (
        <Space key={a.id} style={{ display: 'flex', marginBottom: 8 }} wrap>
          <Tag color={a.status === 'signed' ? 'green' : 'default'}>{a.status === 'signed' ? `已生效 ${a.signedOn}` : '草稿'}</Tag>
          {a.confirmDeadline && <span>司法确认期限 {a.confirmDeadline}{a.confirmDaysLeft !== null ? `(剩${a.confirmDaysLeft}天)` : ''}</span>}
          <Button size="small" href={`/api/disputes/${d.id}/agreements/${a.id}/print`} target="_blank">
            打印
          </Button>
          {a.status === 'draft' && (
            <Button size="small" type="primary" onClick={() => sign(a)}>
              各方已签字
            </Button>
          )}
        </Space>
      ))}
      <Space>
        <Button onClick={() => setWhich('session')}>添加调解记录</Button>
        <Button onClick={() => setWhich('agreement')}>制作调解协议书</Button>
      </Space>
      <Modal title={which === 'session' ? '调解记录' : '调解协议书'} open={which !== null} onOk={save} onCancel={() => setWhich(null)} destroyOnHidden width={680}>
        <Form form={form} layout="vertical">
          {which === 'session' ? (
            <>
              <Form.Item name="heldOn" label="日期(YYYY-MM-DD)" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="mediators" label="调解员(顿号分隔)" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="partiesPresent" label="到场当事人(顿号分隔)" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="result" label="结果" initialValue="progress">
                <Select options={[{ value: 'progress', label: '有进展' }, { value: 'stalemate', label: '陷入僵局' }, { value: 'agreed', label: '达成一致' }]} />
              </Form.Item>
              <Form.Item name="record" label="调解记录" rules={[{ required: true }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="committee" label="人民调解委员会" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="partiesText" label="当事人基本情况" rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="facts" label="纠纷主要事实" rules={[{ required: true }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="issues" label="争议事项" rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="responsibility" label="各方责任" rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="terms" label="协议内容(每行一条)" rules={[{ required: true }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item name="performance" label="履行方式和时限" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="mediators" label="调解员" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function DisputeRoute() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [tick, setTick] = useState(0);
  const { data } = useLoad(() => api.get<Dispute>(`/api/disputes/${id}`), [id, tick]);
  return <CaseDetail key={`${id}-${tick}`} id={Number(id)} onBack={() => navigate('/disputes')} extra={data ? <RecordForms d={data} reload={() => setTick((x) => x + 1)} /> : null} />;
}

export function DisputesPage() {
  return (
    <Routes>
      <Route index element={<Ledger />} />
      <Route path=":id" element={<DisputeRoute />} />
    </Routes>
  );
}
