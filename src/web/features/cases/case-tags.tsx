import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';

/** Status colours: waiting on the centre (orange), with departments (blue), done (green), stopped (grey). */
const STATUS_COLOR: Record<string, string> = {
  reported: 'orange',
  escalated: 'volcano',
  transferred: 'purple',
  accepted: 'gold',
  rejected: 'default',
  assigned: 'cyan',
  in_progress: 'blue',
  returned: 'magenta',
  suspended: 'default',
  handled: 'geekblue',
  closed: 'green',
  evaluated: 'green',
  merged: 'default',
};

export function CaseStatusTag({ status, label }: { status: string; label: string }) {
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="case-status">
      {label}
    </Tag>
  );
}

const GRADE_COLOR: Record<string, string> = { routine: 'default', key: 'red', hard: 'purple' };

export function GradeTag({ grade, label }: { grade: string; label: string }) {
  return <Tag color={GRADE_COLOR[grade] ?? 'default'}>{label}</Tag>;
}

/** "还剩 2天3小时" / "超期 5小时": the remaining time in words a clerk reads at a glance. */
export function remainingText(dueAt: string | null, now: Date = new Date()): string | null {
  if (!dueAt) return null;
  const ms = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes}分` : `${minutes}分钟`;
  return ms >= 0 ? `还剩${span}` : `超期${span}`;
}

/** 红灯 overdue, 黄灯 due soon, 绿灯 on time; nothing when no clock runs. */
export function DeadlineLight({
  state,
  dueAt,
  showRemaining,
  extra,
}: {
  state: 'normal' | 'due_soon' | 'overdue' | null;
  dueAt: string | null;
  showRemaining?: boolean;
  extra?: ReactNode;
}) {
  if (!state) return <span style={{ color: 'rgba(0,0,0,0.35)' }}>—</span>;
  const light = state === 'overdue' ? { color: 'red', text: '红灯' } : state === 'due_soon' ? { color: 'gold', text: '黄灯' } : { color: 'green', text: '正常' };
  const due = dueAt ? `期限 ${dayjs(dueAt).format('MM-DD HH:mm')}` : '';
  return (
    <Tooltip title={[due, remainingText(dueAt)].filter(Boolean).join('，')}>
      <span data-testid="deadline-light" data-state={state}>
        <Tag color={light.color} style={{ marginInlineEnd: 4 }}>
          ● {light.text}
        </Tag>
        {showRemaining && <span style={{ color: state === 'overdue' ? '#cf1322' : undefined }}>{remainingText(dueAt)}</span>}
        {extra}
      </span>
    </Tooltip>
  );
}
