/**
 * 为民服务: service orders are cases of kind `service` (居民点单 → 社区/中心派单 → 党员接单 → 完成 → 好差评).
 * The buttons are the engine's `nextActions` for the signed-in user, so the page never offers what the
 * server would refuse.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import type { CaseListItem, CaseView } from '../../../../contracts/cases';
import { api, type Page } from '../../../app/api';
import { hasPermission, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { fmt } from './shared';

type TimelineItem = { id: number; at: string; action: string; actorName: string | null; text: string };
type Category = { code: string; name: string };

const STATUS_COLOR: Record<string, string> = {
  reported: 'orange',
  assigned: 'gold',
  in_progress: 'blue',
  closed: 'cyan',
  evaluated: 'green',
  rejected: 'default',
};
/** this kind's words for the shared statuses */
const SERVICE_STATUS: Record<string, string> = {
  reported: '待派单',
  assigned: '待接单',
  in_progress: '服务中',
  closed: '已完成待评价',
  evaluated: '已评价',
  rejected: '已撤销',
};
const RATING: Record<string, string> = { satisfied: '好评', basically: '中评', unsatisfied: '差评' };
const DESK: { key: string; label: string; status?: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'reported', label: '待派单', status: 'reported' },
  { key: 'assigned', label: '待接单', status: 'assigned' },
  { key: 'in_progress', label: '服务中', status: 'in_progress' },
  { key: 'closed', label: '待评价', status: 'closed' },
  { key: 'evaluated', label: '已评价', status: 'evaluated' },
];

/** The fields each action asks for (payloads of src/domain/cases/kinds/service.ts and the reused event steps). */
function ActionFields({ action }: { action: string }) {
  const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];
  switch (action) {
    case 'dispatch_volunteer':
      return (
        <Form.Item label="派单说明" name="note" rules={[{ max: 500, message: '不超过500字' }]}>
          <Input.TextArea rows={3} placeholder="如：请就近党员上门，注意老人行动不便" />
        </Form.Item>
      );
    case 'decline':
    case 'reopen':
    case 'uphold':
      return (
        <Form.Item label="原因" name="reason" rules={required('请填写原因')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case 'cancel':
      return (
        <Form.Item label="撤单原因" name="reason" rules={[{ max: 500, message: '不超过500字' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case 'complete':
      return (
        <>
          <Form.Item label="服务情况" name="result" rules={required('请填写服务情况')}>
            <Input.TextArea rows={3} placeholder="如：已代购药品并送到家中" />
          </Form.Item>
          <Form.Item label="服务时长(小时)" name="hours">
            <InputNumber min={0} max={24} />
          </Form.Item>
        </>
      );
    case 'rate':
      return (
        <>
          <Form.Item label="评价" name="rating" rules={[{ required: true, message: '请选择评价' }]}>
            <Radio.Group
              options={[
                { value: 'satisfied', label: '好评' },
                { value: 'basically', label: '中评' },
                { value: 'unsatisfied', label: '差评' },
              ]}
            />
          </Form.Item>
          <Form.Item label="评价内容" name="comment" rules={[{ max: 500, message: '不超过500字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      );
    case 'supervise':
    case 'urge':
      return (
        <Form.Item label="意见" name="note" rules={required('请填写意见')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    default:
      return null;
  }
}

function OrderDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [acting, setActing] = useState<{ action: string; label: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const order = useLoad(() => (id ? api.get<CaseView>(`/api/cases/${id}`) : Promise.resolve(undefined)), [id]);
  const timeline = useLoad(() => (id ? api.get<Page<TimelineItem>>(`/api/cases/${id}/timeline`) : Promise.resolve(undefined)), [id, order.data?.version]);
  const c = order.data;
  const run = async (values: Record<string, unknown>) => {
    if (!c || !acting) return;
    setBusy(true);
    try {
      await api.post(`/api/cases/${c.id}/actions/${acting.action}`, { version: c.version, ...values });
      message.success(`${acting.label}成功`);
      setActing(null);
      form.resetFields();
      order.reload();
      onChanged();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  const start = (a: { action: string; label: string }) => {
    // actions without fields run at once
    if (a.action === 'claim' || a.action === 'own') {
      setActing(a);
      Modal.confirm({
        title: `确认${a.label}？`,
        onOk: () => api.post(`/api/cases/${c?.id}/actions/${a.action}`, { version: c?.version }).then(
          () => {
            message.success(`${a.label}成功`);
            order.reload();
            onChanged();
          },
          (e) => showApiError(e, message),
        ),
        afterClose: () => setActing(null),
      });
      return;
    }
    setActing(a);
  };
  return (
    <Drawer title={c ? `服务单 ${c.number}` : '服务单'} open={id !== null} onClose={onClose} size={640} destroyOnHidden>
      {order.error && <Alert type="error" title={order.error} />}
      {c && (
        <>
          <Descriptions column={2} bordered size="small">
            <Descriptions.Item label="服务需求" span={2}>
              {c.title}
            </Descriptions.Item>
            <Descriptions.Item label="详细说明" span={2}>
              {c.description || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="服务类别">{c.categoryName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[c.status]}>{SERVICE_STATUS[c.status] ?? c.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="点单人">{c.reporterName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{c.reporterPhone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="下单时间">{fmt(c.createdAt, true)}</Descriptions.Item>
            <Descriptions.Item label="评价">{c.rating ? `${RATING[c.rating] ?? c.rating}${c.ratingComment ? `：${c.ratingComment}` : ''}` : '—'}</Descriptions.Item>
          </Descriptions>
          {c.nextActions.length > 0 && (
            <Space style={{ margin: '16px 0' }} wrap>
              {c.nextActions.map((a) => (
                <Button key={a.action} type={a.action === 'claim' || a.action === 'complete' || a.action === 'dispatch_volunteer' ? 'primary' : 'default'} onClick={() => start(a)}>
                  {a.label}
                </Button>
              ))}
            </Space>
          )}
          <Timeline
            style={{ marginTop: 16 }}
            items={(timeline.data?.items ?? []).map((t) => ({ key: t.id, content: `${fmt(t.at, true)} ${t.text}` }))}
          />
          <Modal
            title={acting?.label}
            open={acting !== null && acting.action !== 'claim' && acting.action !== 'own'}
            onCancel={() => setActing(null)}
            onOk={() => form.submit()}
            confirmLoading={busy}
            destroyOnHidden
          >
            <Form form={form} layout="vertical" onFinish={run}>
              {acting && <ActionFields action={acting.action} />}
            </Form>
          </Modal>
        </>
      )}
    </Drawer>
  );
}

function PlaceOrderModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const cats = useLoad(() => api.get<{ items: Category[] }>('/api/case-categories', { kind: 'service' }), []);
  const submit = async (v: { categoryCode: string; title: string; description: string; reporterName?: string; reporterPhone?: string; areaCode?: string }) => {
    setBusy(true);
    try {
      const r = await api.post<{ number: string }>('/api/cases', { kind: 'service', ...v, areaCode: v.areaCode || undefined });
      message.success(`已登记服务单 ${r.number}`);
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="代群众点单" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="服务类别" name="categoryCode" rules={[{ required: true, message: '请选择服务类别' }]}>
          <Select options={(cats.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item label="服务需求" name="title" rules={[{ required: true, whitespace: true, message: '请填写服务需求' }, { max: 100, message: '不超过100字' }]}>
          <Input placeholder="如：独居老人需要代购药品" />
        </Form.Item>
        <Form.Item label="详细说明" name="description" rules={[{ required: true, whitespace: true, message: '请填写详细说明' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label="村(社区)或网格编码" name="areaCode" rules={[{ pattern: /^\d{12,15}$/, message: '请填写12位村(社区)或15位网格编码' }]}>
          <Input />
        </Form.Item>
        <Space>
          <Form.Item label="群众姓名" name="reporterName">
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name="reporterPhone" rules={[{ pattern: /^1\d{10}$/, message: '请填写11位手机号' }]}>
            <Input />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function ServiceOrdersPage() {
  const me = useMe();
  const [desk, setDesk] = useState('all');
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [placing, setPlacing] = useState(false);
  const status = DESK.find((d) => d.key === desk)?.status;
  const list = useLoad(() => api.get<Page<CaseListItem>>('/api/cases', { kind: 'service', status, q, page, pageSize: 20 }), [status, q, page]);
  return (
    <Card
      title="为民服务"
      extra={
        hasPermission(me, 'case:report') &&
        !me.roles.includes('party_member') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlacing(true)}>
            代群众点单
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group value={desk} optionType="button" onChange={(e) => {
          setPage(1);
          setDesk(e.target.value);
        }} options={DESK.map((d) => ({ value: d.key, label: d.label }))} />
        <Input.Search allowClear placeholder="单号或需求" style={{ width: 220 }} onSearch={(v) => {
          setPage(1);
          setQ(v.trim() || undefined);
        }} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
      </Space>
      {list.error && <Alert type="error" title={list.error} style={{ marginBottom: 16 }} />}
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        data-testid="service-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '单号', dataIndex: 'number', width: 230 },
          { title: '服务需求', dataIndex: 'title' },
          { title: '区域', dataIndex: 'areaCode', width: 150 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 120,
            render: (s: string, c) => <Tag color={STATUS_COLOR[s]}>{SERVICE_STATUS[s] ?? c.statusLabel}</Tag>,
          },
          {
            title: '时限',
            dataIndex: 'deadlineState',
            width: 90,
            render: (d: string | null) => (d === 'overdue' ? <Tag color="red">超期</Tag> : d === 'due_soon' ? <Tag color="gold">临期</Tag> : '—'),
          },
          { title: '下单时间', dataIndex: 'createdAt', width: 150, render: (v: string) => fmt(v, true) },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 单`, onChange: setPage }}
      />
      <OrderDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <PlaceOrderModal
        open={placing}
        onClose={() => setPlacing(false)}
        onSaved={() => {
          setPlacing(false);
          list.reload();
        }}
      />
    </Card>
  );
}
