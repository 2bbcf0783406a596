/**
 * 12345 工单: orders with their type deadlines, the import of the platform's export (rows refused are listed with
 * their reason), each order's page (首接负责, 退单 and its 审定, 回访) with the delivery state of what is pushed back,
 * and the whole 回传 queue with 重新推送 for failed messages.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { api, CSRF_HEADER, errorMessage, type Page } from '../../../app/api';
import { hasRole, useAuth } from '../../../app/auth';
import { ORDER_TYPE_LABEL, ORDER_TYPES } from '../../../../domain/cases/kinds/hotline';
import { CaseDetail } from '../../../features/cases/case-detail';
import { remainingText } from '../../../features/cases/case-tags';
import '../../../features/disputes/action-fields';
import { AreaName } from '../../../ui/area-names';
import { useLoad } from '../../../ui/use-load';

type Order = {
  id: number;
  number: string;
  orderNo: string;
  title: string;
  areaCode: string;
  status: string;
  orderTypeLabel: string;
  emergency: boolean;
  via: string;
  callerName: string | null;
  callerPhone: string | null;
  statusLabel: string;
  dueAt: string | null;
  receivedAt: string;
  firstArea: string;
  reply: string | null;
  visitResult: string | null;
  satisfied: string | null;
};
type Outbox = { id: number; caseId: number; orderNo: string; event: string; state: string; attempts: number; lastError: string | null; nextAttemptAt: string; sentAt: string | null; createdAt: string };
type ImportResult = { imported: { row: number; id: number; number: string }[]; errors: { row: number; reason: string }[] };

const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const STATE: Record<string, { text: string; color: string }> = { pending: { text: '待推送', color: 'orange' }, sent: { text: '已推送', color: 'green' }, failed: { text: '推送失败', color: 'red' } };
const SATISFIED: Record<string, { text: string; color: string }> = { satisfied: { text: '满意', color: 'green' }, basically: { text: '基本满意', color: 'blue' }, unsatisfied: { text: '不满意', color: 'red' } };
const FINISHED = new Set(['closed', 'evaluated', 'rejected', 'merged']);
const TEMPLATE = '\uFEFF工单编号,工单类型,是否紧急,标题,诉求内容,所属区划,来电人,来电号码\r\n';

function Due({ o }: { o: Order }) {
  if (!o.dueAt) return <span>—</span>;
  if (FINISHED.has(o.status)) return <span style={{ fontSize: 12 }}>{fmt(o.dueAt)}</span>;
  const ms = dayjs(o.dueAt).valueOf() - Date.now();
  const color = ms < 0 ? 'red' : ms < 86_400_000 ? 'gold' : 'green';
  return (
    <span>
      <Tag color={color}>{ms < 0 ? '红灯' : ms < 86_400_000 ? '黄灯' : '正常'}</Tag>
      <span style={{ fontSize: 12, color: ms < 0 ? '#cf1322' : undefined }}>{remainingText(o.dueAt)}</span>
    </span>
  );
}

function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([TEMPLATE], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = '12345工单导入模板.csv';
  a.click();
  URL.revokeObjectURL(url);
}

function ImportButton({ onDone }: { onDone: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
      const res = await fetch('/api/hotline/import', { method: 'POST', body: file, credentials: 'same-origin', headers: { ...CSRF_HEADER, 'content-type': type, accept: 'application/json' } });
      const body = (await res.json().catch(() => ({}))) as ImportResult & { error?: { message?: string } };
      if (!res.ok) {
        message.error(body.error?.message ?? `导入失败(${res.status})`);
        return;
      }
      setResult(body);
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Upload
        accept=".xlsx,.csv"
        showUploadList={false}
        beforeUpload={(f) => {
          upload(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid="hotline-import">
          导入12345导出文件
        </Button>
      </Upload>
      <Button type="link" onClick={downloadTemplate}>
        下载导入模板
      </Button>
      <Modal title="导入结果" open={!!result} onCancel={() => setResult(null)} footer={<Button onClick={() => setResult(null)}>关闭</Button>} width={720}>
        {result && (
          <div data-testid="import-result">
            <Alert
              type={result.errors.length ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 12 }}
              title={`成功导入 ${result.imported.length} 件${result.errors.length ? `，${result.errors.length} 行未导入` : ''}`}
            />
            {result.errors.length > 0 && (
              <Table
                size="small"
                rowKey="row"
                pagination={false}
                dataSource={result.errors}
                data-testid="import-errors"
                columns={[
                  { title: '行号', dataIndex: 'row', width: 80, render: (v: number) => `第${v}行` },
                  { title: '原因', dataIndex: 'reason' },
                ]}
              />
            )}
            {result.imported.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                已生成：{result.imported.map((r) => r.number).join('、')}
              </Typography.Paragraph>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}

function Orders() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const [type, setType] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const { data, loading, reload } = useLoad(() => api.get<Page<Order>>('/api/hotline/orders', { type, status, page, pageSize: 20 }), [type, status, page]);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="工单类型" style={{ width: 120 }} onChange={(v) => {
            setType(v);
            setPage(1);
          }} options={ORDER_TYPES.map((t) => ({ value: t, label: ORDER_TYPE_LABEL[t] }))} />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'reported', label: '待签收' },
            { value: 'assigned', label: '已派单' },
            { value: 'returned', label: '退单待审定' },
            { value: 'in_progress', label: '办理中' },
            { value: 'handled', label: '已回复待办结' },
            { value: 'closed', label: '已办结待回访' },
            { value: 'evaluated', label: '已回访' },
          ]}
        />
        {hasRole(me, 'center_staff') && <ImportButton onDone={reload} />}
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>共 {data?.total ?? 0} 件</span>
      </Space>
      <Table<Order>
        rowKey="id"
        size="small"
        loading={loading}
        data-testid="hotline-table"
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => navigate(`/hotline/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工单编号', dataIndex: 'orderNo', width: 170 },
          { title: '标题', dataIndex: 'title' },
          { title: '类型', dataIndex: 'orderTypeLabel', width: 90, render: (v, r) => (r.emergency ? <Tag color="red">{v}·紧急</Tag> : v) },
          { title: '来源', dataIndex: 'via', width: 70, render: (v: string) => (v === 'api' ? '推送' : '导入') },
          { title: '接收时间', dataIndex: 'receivedAt', width: 140, render: fmt },
          { title: '办理时限', width: 190, render: (_, o) => <Due o={o} /> },
          { title: '状态', dataIndex: 'statusLabel', width: 110 },
          { title: '回访', dataIndex: 'satisfied', width: 90, render: (v: string | null) => (v ? <Tag color={SATISFIED[v]?.color}>{SATISFIED[v]?.text}</Tag> : '—') },
        ]}
      />
    </>
  );
}

function OutboxTable({ items, loading, onRetried, showOrder = true }: { items: Outbox[]; loading?: boolean; onRetried: () => void; showOrder?: boolean }) {
  const { message } = App.useApp();
  const { me } = useAuth();
  const retry = (id: number) =>
    api
      .post(`/api/hotline/outbox/${id}/retry`)
      .then(() => {
        message.success('已重新排队推送');
        onRetried();
      })
      .catch((e) => message.error(errorMessage(e)));
  return (
    <Table<Outbox>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      data-testid="outbox-table"
      dataSource={items}
      locale={{ emptyText: '暂无回传(办结和回访后自动推送给12345平台)' }}
      columns={[
        ...(showOrder ? [{ title: '工单编号', dataIndex: 'orderNo' }] : []),
        { title: '内容', dataIndex: 'event', render: (v: string) => (v === 'reply' ? '办结回复' : '回访结果') },
        { title: '生成时间', dataIndex: 'createdAt', render: fmt },
        { title: '状态', dataIndex: 'state', render: (v: string) => <Tag color={STATE[v]?.color}>{STATE[v]?.text ?? v}</Tag> },
        { title: '尝试次数', dataIndex: 'attempts', width: 90 },
        { title: '最近错误', dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
        { title: '推送时间/下次尝试', render: (_, r) => (r.state === 'sent' ? fmt(r.sentAt) : r.state === 'pending' ? `下次 ${fmt(r.nextAttemptAt)}` : '已停止重试') },
        {
          title: '',
          width: 100,
          render: (_, r) =>
            r.state === 'failed' && hasRole(me, 'center_staff') ? (
              <Button size="small" onClick={() => retry(r.id)}>
                重新推送
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function Outboxes() {
  const [state, setState] = useState<string>();
  const { data, loading, reload } = useLoad(() => api.get<Page<Outbox>>('/api/hotline/outbox', { state }), [state]);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="推送状态" style={{ width: 140 }} onChange={setState} options={Object.entries(STATE).map(([value, s]) => ({ value, label: s.text }))} />
        <Button onClick={reload}>刷新</Button>
      </Space>
      <OutboxTable items={data?.items ?? []} loading={loading} onRetried={reload} />
    </>
  );
}

function OrderPanel({ id, version }: { id: number; version: number }) {
  const [tick, setTick] = useState(0);
  const { data: o } = useLoad(() => api.get<Order & { outbox: Outbox[] }>(`/api/hotline/orders/${id}`), [id, version, tick]);
  if (!o) return null;
  return (
    <Card size="small" title="12345工单" style={{ marginTop: 12 }} data-testid="hotline-panel">
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label="工单编号">{o.orderNo}</Descriptions.Item>
        <Descriptions.Item label="类型">
          {o.orderTypeLabel}
          {o.emergency && <Tag color="red" style={{ marginLeft: 6 }}>紧急(当日办结)</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="来源">{o.via === 'api' ? '平台推送' : '文件导入'}，{fmt(o.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="来电人">{o.callerName ?? '—'} {o.callerPhone ?? ''}</Descriptions.Item>
        <Descriptions.Item label="办理时限">
          <Due o={o} />
        </Descriptions.Item>
        <Descriptions.Item label="首接负责">
          <AreaName code={o.firstArea} />
        </Descriptions.Item>
        <Descriptions.Item label="办理回复" span={3}>
          {o.reply ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="回访结果" span={3}>
          {o.visitResult ?? '—'}
          {o.satisfied && <Tag color={SATISFIED[o.satisfied]?.color} style={{ marginLeft: 6 }}>{SATISFIED[o.satisfied]?.text}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        回传12345平台
      </Typography.Title>
      <OutboxTable items={o.outbox} onRetried={() => setTick((t) => t + 1)} showOrder={false} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        部门退单须在派单后2个工作日内提出理由，由综治中心审定(同意退单或驳回)。
      </Typography.Paragraph>
    </Card>
  );
}

function Detail() {
  const { id } = useParams();
  const navigate = useNavigate();
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate('/hotline')} backTo="12345工单" extra={(c) => <OrderPanel id={c.id} version={c.version} />} />;
}

export function HotlinePage() {
  const { me } = useAuth();
  const centre = hasRole(me, 'center_staff');
  return (
    <Routes>
      <Route
        index
        element={
          <Card title="12345热线工单">
            <Tabs items={[{ key: 'orders', label: '工单', children: <Orders /> }, ...(centre ? [{ key: 'outbox', label: '回传状态', children: <Outboxes /> }] : [])]} />
          </Card>
        }
      />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
