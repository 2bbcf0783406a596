import { FormOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CaseFilter, CaseFilterBar, CaseTable, useDeskCounts } from '../../../features/cases/case-table';
import { DeskRoutes, DeskTabs } from './desk-shell';
import { IntakePage } from './intake';

function GridDesk() {
  const navigate = useNavigate();
  const counts = useDeskCounts();
  const [filter, setFilter] = useState<CaseFilter>({});
  const open = (c: { id: number }) => navigate(String(c.id));
  return (
    <Card
      title="我的事件 · 网格/村(社区)"
      extra={
        <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('new')} data-testid="open-report">
          上报事件
        </Button>
      }
    >
      <CaseFilterBar value={filter} onChange={setFilter} />
      <DeskTabs
        tabs={[
          { key: 'intake', label: '待处理', count: counts.intake, children: <CaseTable query={{ desk: 'intake', ...filter }} onOpen={open} testId="desk-intake" /> },
          { key: 'all', label: '辖区全部', children: <CaseTable query={{ ...filter }} onOpen={open} testId="desk-all" /> },
          { key: 'overdue', label: '超期', count: counts.overdue, children: <CaseTable query={{ desk: 'overdue', ...filter }} onOpen={open} testId="desk-overdue" /> },
          { key: 'mine', label: '我上报的', count: counts.mine, children: <CaseTable query={{ desk: 'mine', ...filter }} onOpen={open} testId="desk-mine" /> },
        ]}
      />
    </Card>
  );
}

/** 网格员 / 村(社区)干部: the cases of their grid or village, 上报 and (on the case) 就地化解 or 上报上级. */
export function GridCasesPage() {
  return <DeskRoutes list={<GridDesk />} extra={{ new: <IntakePage mode="field" backTo="/my-cases" /> }} />;
}
