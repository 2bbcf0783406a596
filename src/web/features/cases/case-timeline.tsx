import { Empty, Spin, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, type Page } from '../../app/api';
import { useLoad } from '../../ui/use-load';
import type { CaseTimelineItem } from './case-types';

const COLOR: Record<string, string> = {
  report: 'blue',
  accept: 'green',
  reject: 'gray',
  dispatch: 'red',
  acknowledge: 'green',
  return: 'orange',
  feedback: 'green',
  co_handle: 'green',
  close: 'green',
  rework: 'orange',
  rate: 'blue',
  reopen: 'orange',
  supervise: 'red',
  urge: 'orange',
};

/** 时间线: every step of the case as the server recorded it (staff text, or plain words for the reporter). */
export function CaseTimeline({ caseId, refreshKey = 0 }: { caseId: number; refreshKey?: number }) {
  const { data, loading, error } = useLoad(() => api.get<Page<CaseTimelineItem>>(`/api/cases/${caseId}/timeline`), [caseId, refreshKey]);
  if (loading && !data) return <Spin />;
  if (error) return <Empty description={error} />;
  if (!data?.items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无办理记录" />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={data.items.map((t) => ({
        key: t.id,
        color: COLOR[t.action] ?? 'gray',
        content: (
          <div>
            <div>{t.text}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {dayjs(t.at).format('YYYY-MM-DD HH:mm')}
              {t.actorName ? ` · ${t.actorName}` : ''}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
