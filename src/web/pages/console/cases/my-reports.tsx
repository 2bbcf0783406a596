import { Card, type TableColumnsType, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { CaseTable } from '../../../features/cases/case-table';
import type { CaseListItem } from '../../../features/cases/case-types';
import { DeskRoutes } from './desk-shell';

const RATE_HINT: TableColumnsType<CaseListItem> = [
  {
    title: '评价',
    key: 'rate',
    width: 100,
    render: (_: unknown, c) => (c.status === 'closed' ? <Tag color="orange">待评价</Tag> : c.status === 'evaluated' ? <Tag color="green">已评价</Tag> : '—'),
  },
];

function MyReports() {
  const navigate = useNavigate();
  return (
    <Card title="我的上报 · 进度随时看、满不满意随时评">
      <CaseTable query={{ desk: 'mine' }} onOpen={(c) => navigate(String(c.id))} extraColumns={RATE_HINT} testId="desk-mine" />
    </Card>
  );
}

/** The reporter's own cases with their progress; the case page offers 评价 (满意/基本满意/不满意) once closed. */
export function MyReportsPage() {
  return <DeskRoutes list={<MyReports />} />;
}
