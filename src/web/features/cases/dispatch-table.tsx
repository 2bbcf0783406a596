import { Empty, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { CaseDispatch } from './case-types';

const fmt = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : null);

const ROLE_COLOR: Record<string, string> = { lead: 'red', co: 'blue', notify: 'default' };

function dispatchState(d: CaseDispatch): { text: string; color: string } {
  if (d.status === 'released') return { text: '已解除', color: 'default' };
  if (d.status === 'returned') return { text: '退回待审定', color: 'magenta' };
  if (d.status === 'done') return { text: d.role === 'lead' ? '已反馈' : '已完成', color: 'green' };
  if (!d.acknowledgedAt) {
    const late = d.ackDueAt && new Date(d.ackDueAt).getTime() < Date.now();
    return late ? { text: '超时未报到', color: 'red' } : { text: '待报到', color: 'orange' };
  }
  return { text: '办理中', color: 'blue' };
}

/** 吹哨报到: each department's role, acknowledgement deadline and state, return and its judgement, feedback. */
export function DispatchTable({ items }: { items: CaseDispatch[] }) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未派遣部门" />;
  const columns: TableColumnsType<CaseDispatch> = [
    { title: '部门', dataIndex: 'departmentName', width: 150 },
    { title: '职责', dataIndex: 'roleLabel', width: 70, render: (v: string, d) => <Tag color={ROLE_COLOR[d.role]}>{v}</Tag> },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_: unknown, d) => {
        const s = dispatchState(d);
        return <Tag color={s.color}>{s.text}</Tag>;
      },
    },
    { title: '派遣时间', dataIndex: 'dispatchedAt', width: 110, render: fmt },
    { title: '报到时限', dataIndex: 'ackDueAt', width: 110, render: (v: string | null) => fmt(v) ?? '—' },
    { title: '报到时间', dataIndex: 'acknowledgedAt', width: 110, render: (v: string | null) => fmt(v) ?? '—' },
    {
      title: '退回',
      key: 'return',
      render: (_: unknown, d) =>
        d.returnedAt ? (
          <div>
            <div>
              {fmt(d.returnedAt)}：{d.returnReason}
            </div>
            {d.returnJudgement && <div style={{ color: 'rgba(0,0,0,0.55)' }}>审定：{d.returnJudgement}</div>}
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: '反馈',
      key: 'feedback',
      render: (_: unknown, d) =>
        d.feedback ? (
          <Tooltip title={d.handledAt ? `反馈时间 ${fmt(d.handledAt)}` : undefined}>
            <span>{d.feedback}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];
  return <Table<CaseDispatch> rowKey="id" size="small" pagination={false} columns={columns} dataSource={items} data-testid="dispatch-table" scroll={{ x: 900 }} />;
}
