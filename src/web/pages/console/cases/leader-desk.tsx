import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Page } from '../../../app/api';
import { CaseTable, useDeskCounts } from '../../../features/cases/case-table';
import type { CaseListItem } from '../../../features/cases/case-types';
import { useAreaNames } from '../../../ui/area-names';
import { useLoad } from '../../../ui/use-load';
import { DeskRoutes, DeskTabs } from './desk-shell';

type VillageRow = { code: string; overdue: number; dueSoon: number };

/** 超期 and 临期 open cases per village (社区), from the cases the leader can see. */
function OverdueByVillage({ selected, onSelect }: { selected?: string; onSelect: (code: string | undefined) => void }) {
  const { data } = useLoad(
    () =>
      Promise.all([
        api.get<Page<CaseListItem>>('/api/cases', { deadline: 'red', pageSize: 200 }),
        api.get<Page<CaseListItem>>('/api/cases', { deadline: 'yellow', pageSize: 200 }),
      ]),
    [],
  );
  const rows = useMemo(() => {
    const by = new Map<string, VillageRow>();
    const row = (areaCode: string) => {
      const code = areaCode.slice(0, 12);
      const r = by.get(code) ?? { code, overdue: 0, dueSoon: 0 };
      by.set(code, r);
      return r;
    };
    for (const c of data?.[0].items ?? []) row(c.areaCode).overdue++;
    for (const c of data?.[1].items ?? []) row(c.areaCode).dueSoon++;
    return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon);
  }, [data]);
  const names = useAreaNames(rows.map((r) => r.code));
  return (
    <Table<VillageRow>
      rowKey="code"
      size="small"
      pagination={false}
      data-testid="overdue-by-village"
      scroll={{ y: 420 }}
      dataSource={rows}
      locale={{ emptyText: '辖区内没有超期、临期事件' }}
      rowClassName={(r) => (r.code === selected ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSelect(r.code === selected ? undefined : r.code), style: { cursor: 'pointer' } })}
      columns={[
        { title: '村(社区)', dataIndex: 'code', render: (c: string) => names[c] ?? c },
        { title: '超期(红灯)', dataIndex: 'overdue', width: 100, render: (n: number) => <span style={{ color: n ? '#cf1322' : undefined, fontWeight: n ? 600 : 400 }}>{n}</span> },
        { title: '临期(黄灯)', dataIndex: 'dueSoon', width: 100, render: (n: number) => <span style={{ color: n ? '#d48806' : undefined }}>{n}</span> },
      ]}
    />
  );
}

function LeaderDesk() {
  const navigate = useNavigate();
  const counts = useDeskCounts();
  const [area, setArea] = useState<string | undefined>();
  const open = (c: { id: number }) => navigate(String(c.id));
  return (
    <Row gutter={16}>
      <Col xs={24} xl={8}>
        <Card title="领导包案督办" style={{ marginBottom: 16 }}>
          <Row gutter={8}>
            <Col span={8}>
              <Statistic title="我包案的" value={counts.leader_owned ?? 0} />
            </Col>
            <Col span={8}>
              <Statistic title="督办中" value={counts.leader_supervised ?? 0} styles={{ content: { color: '#d46b08' } }} />
            </Col>
            <Col span={8}>
              <Statistic title="超期" value={counts.overdue ?? 0} styles={{ content: { color: '#cf1322' } }} />
            </Col>
          </Row>
        </Card>
        <Card title="各村(社区)超期情况" size="small">
          <OverdueByVillage selected={area} onSelect={setArea} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            点击某村(社区)筛选右侧列表
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card>
          <DeskTabs
            tabs={[
              { key: 'leader_owned', label: '包案事件', count: counts.leader_owned, children: <CaseTable query={{ desk: 'leader_owned', area }} onOpen={open} testId="desk-leader_owned" /> },
              { key: 'leader_supervised', label: '督办事件', count: counts.leader_supervised, children: <CaseTable query={{ desk: 'leader_supervised', area }} onOpen={open} testId="desk-leader_supervised" /> },
              { key: 'overdue', label: '超期事件', count: counts.overdue, children: <CaseTable query={{ desk: 'overdue', area }} onOpen={open} testId="desk-overdue" /> },
              { key: 'open', label: '辖区在办', children: <CaseTable query={{ status: 'reported,escalated,transferred,accepted,assigned,in_progress,returned,suspended,handled', area }} onOpen={open} testId="desk-open" /> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** 包抓领导: owned cases (包案), 督办 list, overdue by village; 包案 and 督办 are actions on the case page. */
export function LeaderCasesPage() {
  return <DeskRoutes list={<LeaderDesk />} />;
}
