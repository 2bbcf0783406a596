/** 12345 工单: orders by type with their deadlines, and the delivery state of replies pushed back. */
import { App, Button, Card, Table, Tabs, Tag, Upload } from 'antd';
import dayjs from 'dayjs';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { api, CSRF_HEADER, errorMessage, type Page } from '../../../app/api';
import { CaseDetail } from '../../../features/cases/case-detail';
import { useLoad } from '../../../ui/use-load';

type Order = { id: number; number: string; orderNo: string; title: string; orderTypeLabel: string; emergency: boolean; statusLabel: string; dueAt: string | null; receivedAt: string; satisfied: string | null };
type Outbox = { id: number; orderNo: string; event: string; state: string; attempts: number; lastError: string | null; nextAttemptAt: string; sentAt: string | null };
const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const STATE: Record<string, { text: string; color: string }> = { pending: { text: '待推送', color: 'orange' }, sent: { text: '已推送', color: 'green' }, failed: { text: '推送失败', color: 'red' } };

function Orders() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, loading, reload } = useLoad(() => api.get<Page<Order>>('/api/hotline/orders', { pageSize: 100 }), []);
  const upload = async (file: File) => {
    const res = await fetch('/api/hotline/import', { method: 'POST', body: file, headers: { ...CSRF_HEADER, 'content-type': file.name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' } });
    const body = (await res.json()) as { imported?: unknown[]; errors?: { row: number; reason: string }[]; error?: { message: string } };
    if (!res.ok) message.error(body.error?.message ?? '导入失败');
    else message.success(`导入 ${body.imported?.length ?? 0} 件${body.errors?.length ? `，${body.errors.length} 行有误：${body.errors.map((e) => `第${e.row}行 ${e.reason}`).join('；')}` : ''}`);
    reload();
    return false;
  };
  return (
    <Table<Order>
      rowKey="id"
      size="small"
      loading={loading}
      title={() => (
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => {
          upload(f).catch((e) => message.error(errorMessage(e)));
          return false;
        }}>
          <Button>导入12345导出文件</Button>
        </Upload>
      )}
      dataSource={data?.items ?? []}
      onRow={(r) => ({ onClick: () => navigate(`/hotline/${r.id}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: '工单编号', dataIndex: 'orderNo', width: 200 },
        { title: '标题', dataIndex: 'title' },
        { title: '类型', dataIndex: 'orderTypeLabel', width: 70, render: (v, r) => (r.emergency ? <Tag color="red">{v}·紧急</Tag> : v) },
        { title: '接收时间', dataIndex: 'receivedAt', width: 140, render: fmt },
        { title: '办理期限', dataIndex: 'dueAt', width: 140, render: fmt },
        { title: '状态', dataIndex: 'statusLabel', width: 110 },
      ]}
    />
  );
}

function OutboxTable() {
  const { message } = App.useApp();
  const { data, loading, reload } = useLoad(() => api.get<Page<Outbox>>('/api/hotline/outbox'), []);
  return (
    <Table<Outbox>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      columns={[
        { title: '工单编号', dataIndex: 'orderNo' },
        { title: '内容', dataIndex: 'event', render: (v) => (v === 'reply' ? '办结回复' : '回访结果') },
        { title: '状态', dataIndex: 'state', render: (v) => <Tag color={STATE[v]?.color}>{STATE[v]?.text ?? v}</Tag> },
        { title: '尝试次数', dataIndex: 'attempts' },
        { title: '最近错误', dataIndex: 'lastError', render: (v) => v ?? '—' },
        { title: '下次尝试', dataIndex: 'nextAttemptAt', render: fmt },
        {
          title: '',
          render: (_, r) =>
            r.state === 'failed' ? (
              <Button
                size="small"
                onClick={() =>
                  api
                    .post(`/api/hotline/outbox/${r.id}/retry`)
                    .then(reload)
                    .catch((e) => message.error(errorMessage(e)))
                }
              >
                重新推送
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function Detail() {
  const { id } = useParams();
  const navigate = useNavigate();
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate('/hotline')} />;
}

export function HotlinePage() {
  return (
    <Routes>
      <Route
        index
        element={
          <Card title="12345热线工单">
            <Tabs items={[{ key: 'orders', label: '工单', children: <Orders /> }, { key: 'outbox', label: '回传状态', children: <OutboxTable /> }]} />
          </Card>
        }
      />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
