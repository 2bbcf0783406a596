/**
 * 四议两公开: procedures per village; a procedure's page shows the six steps as antd Steps with each
 * recorded step's record, and the form for the next step. The server refuses skipped or reversed steps;
 * its Chinese message shows on the step field.
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { DELIBERATIVE_STEPS, FOUR_STEP_LABEL, FOUR_STEPS, type FourStepKey } from '../../../../domain/participation/rules';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { usePageCrumbs } from '../../../app/layout';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { fmt, type Procedure, type ProcedureDetail, type Vote } from './shared';

const STATUS: Record<string, { label: string; color: string }> = {
  in_progress: { label: '进行中', color: 'blue' },
  completed: { label: '已完成', color: 'green' },
  failed: { label: '未通过', color: 'red' },
};

const RESULT: Record<string, { label: string; color: string }> = {
  passed: { label: '通过', color: 'green' },
  failed: { label: '未通过', color: 'red' },
  published: { label: '已公开', color: 'blue' },
};

type StepValues = {
  step: FourStepKey;
  summary: string;
  passed?: boolean;
  voteId?: number;
  expected?: number;
  attended?: number;
  publishDays?: number;
};

function StepForm({ p, onSaved }: { p: ProcedureDetail; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const step = Form.useWatch('step', form) ?? (p.nextStep as FourStepKey);
  const votes = useLoad(() => api.get<Page<Vote>>('/api/participation/votes', { area: p.areaCode, pageSize: 100 }), [p.areaCode]);
  const deliberative = DELIBERATIVE_STEPS.includes(step);
  const submit = async (v: StepValues) => {
    setBusy(true);
    try {
      await api.post(`/api/participation/four-step/${p.id}/steps`, { version: p.version, ...v, summary: v.summary.trim() });
      message.success(`已登记：${FOUR_STEP_LABEL[v.step]}`);
      form.resetFields();
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="登记下一步" style={{ marginTop: 24 }} data-testid="step-form">
      <Form<StepValues> form={form} layout="vertical" onFinish={submit} initialValues={{ step: p.nextStep as FourStepKey, passed: true }}>
        <Form.Item label="步骤" name="step" rules={[{ required: true, message: '请选择步骤' }]} extra="须按顺序逐步登记，不可跳步">
          <Select options={FOUR_STEPS.map((s, i) => ({ value: s, label: `${i + 1}. ${FOUR_STEP_LABEL[s]}` }))} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item
          label={deliberative ? '会议记录摘要' : '公开内容'}
          name="summary"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: '请填写本步记录' },
            { max: 8000, message: '不能超过8000字' },
          ]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        {deliberative ? (
          <Space wrap size="large">
            <Form.Item label="应到人数" name="expected">
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item label="实到人数" name="attended">
              <InputNumber min={0} />
            </Form.Item>
            {(step === 'review' || step === 'resolve') && (
              <Form.Item label="关联表决" name="voteId" extra="有表决时以表决结果为准">
                <Select
                  allowClear
                  style={{ width: 260 }}
                  options={(votes.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.title}(${x.status === 'closed' ? '已结束' : '进行中'})` }))}
                />
              </Form.Item>
            )}
            <Form.Item label="会议意见" name="passed">
              <Radio.Group
                options={[
                  { value: true, label: '同意' },
                  { value: false, label: '不同意' },
                ]}
              />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item label="公开天数" name="publishDays" extra="默认公开30天，同时在三公开栏发布">
            <InputNumber min={1} max={365} />
          </Form.Item>
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function ProcedureView({ id }: { id: number }) {
  const me = useMe();
  const navigate = useNavigate();
  const detail = useLoad(() => api.get<ProcedureDetail>(`/api/participation/four-step/${id}`), [id]);
  const p = detail.data;
  usePageCrumbs(p ? [{ title: p.title }] : []);
  if (detail.error) return <Alert type="error" title={detail.error} />;
  if (!p) return <Card loading />;
  const doneCount = p.records.length;
  const failed = p.status === 'failed';
  return (
    <Card
      title={
        <Space>
          <span>{p.title}</span>
          <Tag color={STATUS[p.status]?.color}>{STATUS[p.status]?.label ?? p.status}</Tag>
        </Space>
      }
      extra={<Button onClick={() => navigate('/four-step')}>返回列表</Button>}
    >
      <Typography.Paragraph>{p.matter}</Typography.Paragraph>
      <Steps
        data-testid="four-step-steps"
        current={Math.min(doneCount, FOUR_STEPS.length - 1)}
        status={failed ? 'error' : p.status === 'completed' ? 'finish' : 'process'}
        items={FOUR_STEPS.map((s, i) => {
          const r = p.records.find((x) => x.step === s);
          return {
            title: FOUR_STEP_LABEL[s],
            description: r ? `${fmt(r.recordedAt)} ${RESULT[r.result]?.label ?? r.result}` : i === doneCount && p.status === 'in_progress' ? '待登记' : '',
            status: r ? (failed && i === doneCount - 1 ? 'error' : 'finish') : i === doneCount && !failed && p.status !== 'completed' ? 'process' : 'wait',
          };
        })}
        style={{ margin: '24px 0' }}
      />
      {p.records.length ? (
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={p.records}
          columns={[
            { title: '步骤', dataIndex: 'label', width: 220 },
            { title: '结果', dataIndex: 'result', width: 120, render: (v: string) => <Tag color={RESULT[v]?.color}>{RESULT[v]?.label ?? v}</Tag> },
            {
              title: '到会',
              key: 'att',
              width: 90,
              render: (_: unknown, r) => (r.expected !== null ? `${r.attended ?? 0}/${r.expected}` : '—'),
            },
            { title: '记录', dataIndex: 'summary' },
            { title: '登记人', dataIndex: 'recordedByName', width: 110 },
            { title: '时间', dataIndex: 'recordedAt', width: 110, render: (v: string) => fmt(v) },
          ]}
        />
      ) : (
        <Empty description="尚未登记任何步骤" />
      )}
      {p.status === 'in_progress' && hasRole(me, 'village_cadre', 'center_staff') && <StepForm p={p} onSaved={detail.reload} />}
    </Card>
  );
}

function CreateModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: number) => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const villages = me.scopes.filter((s) => s.code.length === 12);
  const submit = async (v: { areaCode: string; title: string; matter: string }) => {
    setBusy(true);
    try {
      const r = await api.post<Procedure>('/api/participation/four-step', { ...v, title: v.title.trim(), matter: v.matter.trim() });
      message.success('事项已启动，请登记第一步“村党组织提议”');
      onSaved(r.id);
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="启动“四议两公开”事项" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ areaCode: villages[0]?.code }}>
        <Form.Item
          label="村(社区)编码"
          name="areaCode"
          rules={[
            { required: true, message: '请填写村(社区)编码' },
            { pattern: /^\d{12}$/, message: '村(社区)编码为12位数字' },
          ]}
        >
          <Input placeholder="12位村(社区)编码" />
        </Form.Item>
        <Form.Item label="事项名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写事项名称' }, { max: 100, message: '不超过100字' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="事项内容" name="matter" rules={[{ required: true, whitespace: true, message: '请填写事项内容' }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProcedureList() {
  const me = useMe();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Procedure>>('/api/participation/four-step', { page, pageSize: 20, status }), [page, status]);
  return (
    <Card
      title="四议两公开"
      extra={
        hasRole(me, 'village_cadre', 'center_staff') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            启动事项
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          onChange={(v) => {
            setPage(1);
            setStatus(v);
          }}
          options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
        />
      </Space>
      <Table<Procedure>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(p) => ({ onClick: () => navigate(`/four-step/${p.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '事项', dataIndex: 'title' },
          { title: '村(社区)', dataIndex: 'areaCode', width: 140 },
          {
            title: '进度',
            key: 'progress',
            width: 260,
            render: (_: unknown, p) => (
              <Steps size="small" current={p.stepsDone} items={FOUR_STEPS.map(() => ({}))} status={p.status === 'failed' ? 'error' : undefined} progressDot />
            ),
          },
          { title: '下一步', dataIndex: 'nextStepLabel', width: 200, render: (v: string | null) => v ?? '—' },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag> },
          { title: '启动时间', dataIndex: 'createdAt', width: 110, render: (v: string) => fmt(v) },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 项`, onChange: setPage }}
      />
      <CreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/four-step/${id}`);
        }}
      />
    </Card>
  );
}

export function FourStepPage() {
  const rest = useParams()['*'] ?? '';
  const id = Number(rest.split('/')[0]);
  return Number.isInteger(id) && id > 0 ? <ProcedureView id={id} /> : <ProcedureList />;
}

