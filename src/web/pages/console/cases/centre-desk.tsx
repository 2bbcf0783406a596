import { FormOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CaseFilter, CaseFilterBar, CaseTable, useDeskCounts } from '../../../features/cases/case-table';
import { DeskRoutes, DeskTabs } from './desk-shell';
import { IntakePage } from './intake';

const DESKS = [
  { key: 'intake', label: '待受理' },
  { key: 'dispatch', label: '待派遣' },
  { key: 'in_progress', label: '办理中' },
  { key: 'verify', label: '待核查' },
  { key: 'overdue', label: '超期' },
];

function CentreDesk() {
  const navigate = useNavigate();
  const [filter, setFilter] = useState<CaseFilter>({});
  const counts = useDeskCounts();
  return (
    <Card
      title="综治中心 · 受理派遣"
      extra={
        <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('new')} data-testid="open-intake">
          一站式受理
        </Button>
      }
    >
      <CaseFilterBar value={filter} onChange={setFilter} />
      <DeskTabs
        tabs={DESKS.map((d) => ({
          key: d.key,
          label: d.label,
          count: counts[d.key],
          children: <CaseTable query={{ desk: d.key, ...filter }} onOpen={(c) => navigate(String(c.id))} testId={`desk-${d.key}`} />,
        }))}
      />
    </Card>
  );
}

/** 综治中心 desks: 一站式受理 and the lists 待受理 / 待派遣 / 办理中 / 待核查 / 超期. */
export function CentreCasesPage() {
  return <DeskRoutes list={<CentreDesk />} extra={{ new: <IntakePage mode="centre" backTo="/cases" /> }} />;
}
