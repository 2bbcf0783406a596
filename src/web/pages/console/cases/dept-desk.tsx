import { Alert, Card } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../../app/auth';
import { CaseTable, useDeskCounts } from '../../../features/cases/case-table';
import { DeskRoutes, DeskTabs } from './desk-shell';

function DeptDesk() {
  const me = useMe();
  const navigate = useNavigate();
  const counts = useDeskCounts();
  const open = (c: { id: number }) => navigate(String(c.id));
  return (
    <Card title={`部门报到 · ${me.department?.name ?? '职能部门'}`}>
      {!me.department && <Alert type="warning" showIcon title="您的账号未设置所属部门，请联系管理员" style={{ marginBottom: 12 }} />}
      <DeskTabs
        tabs={[
          { key: 'dept_pending', label: '待报到', count: counts.dept_pending, children: <CaseTable query={{ desk: 'dept_pending' }} onOpen={open} testId="desk-dept_pending" /> },
          { key: 'dept_doing', label: '办理中', count: counts.dept_doing, children: <CaseTable query={{ desk: 'dept_doing' }} onOpen={open} testId="desk-dept_doing" /> },
          { key: 'dept_returned', label: '已退回', count: counts.dept_returned, children: <CaseTable query={{ desk: 'dept_returned' }} onOpen={open} testId="desk-dept_returned" /> },
        ]}
      />
    </Card>
  );
}

/** 职能部门 desk: cases whistled to the department — 报到, 退回 with a reason, 处置反馈 on the case page. */
export function DeptCasesPage() {
  return <DeskRoutes list={<DeptDesk />} />;
}
