/** 矛盾纠纷台账 (filters, Excel export, registration) and a dispute's page: the case engine's view and actions plus its records. */
import { Button, Card, Input, Select, Skeleton, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type Page, withQuery } from '../../../app/api';
import { hasRole, useAuth } from '../../../app/auth';
import { CaseDetail } from '../../../features/cases/case-detail';
import { useCaseCategories } from '../../../features/cases/case-table';
import '../../../features/disputes/action-fields';
import type { Dispute, DisputeLedgerItem } from '../../../features/disputes/dispute-types';
import { useLoad } from '../../../ui/use-load';
import { DisputeRecords, RISK_COLOR } from './dispute-records';
import { RegisterDispute, RISK_OPTIONS, SOURCE_OPTIONS } from './register-dispute';

const STEPS = [
  { value: 'screening', label: '预防排查' },
  { value: 'graded', label: '分级化解' },
  { value: 'joint', label: '部门联调' },
  { value: 'leader', label: '包案调处' },
  { value: 'supervise', label: '督办代办' },
];
const OUTCOMES = [
  { value: 'open', label: '办理中' },
  { value: 'success', label: '调解成功' },
  { value: 'litigation', label: '导入司法程序' },
  { value: 'terminated', label: '终止' },
];
const OUTCOME_COLOR: Record<string, string> = { success: 'green', litigation: 'blue', terminated: 'default' };

type Filter = { type?: string; risk?: string; step?: string; outcome?: string; source?: string; q?: string };

function Ledger() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const fromCase = Number(params.get('fromCase')) || undefined;
  const types = useCaseCategories('dispute');
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(!!fromCase);
  const { data, loading } = useLoad(() => api.get<Page<DisputeLedgerItem>>('/api/disputes', { ...filter, page, pageSize: 20 }), [JSON.stringify(filter), page]);
  const set = (f: Filter) => {
    setFilter({ ...filter, ...f });
    setPage(1);
  };
  const canRegister = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker', 'mediator');
  const canExport = hasRole(me, 'center_staff', 'leader', 'village_cadre');
  return (
    <Card
      title="矛盾纠纷台账"
      extra={
        <Space>
          {canExport && <Button href={withQuery('/api/disputes/export', { ...filter })}>导出Excel台账</Button>}
          {canRegister && (
            <Button type="primary" onClick={() => setOpen(true)} data-testid="open-register-dispute">
              登记纠纷
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="纠纷类型" style={{ width: 130 }} options={types.map((t) => ({ value: t.code, label: t.name }))} onChange={(type) => set({ type })} />
        <Select allowClear placeholder="风险等级" style={{ width: 110 }} options={RISK_OPTIONS} onChange={(risk) => set({ risk })} />
        <Select allowClear placeholder="所处环节" style={{ width: 120 }} options={STEPS} onChange={(step) => set({ step })} />
        <Select allowClear placeholder="化解结果" style={{ width: 130 }} options={OUTCOMES} onChange={(outcome) => set({ outcome })} />
        <Select allowClear placeholder="来源" style={{ width: 110 }} options={[...SOURCE_OPTIONS, { value: 'event', label: '事件转入' }]} onChange={(source) => set({ source })} />
        <Input.Search allowClear placeholder="编号或简要情况" style={{ width: 220 }} onSearch={(q) => set({ q })} />
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>共 {data?.total ?? 0} 件</span>
      </Space>
      <Table<DisputeLedgerItem>
        rowKey="id"
        size="small"
        loading={loading}
        data-testid="dispute-ledger-table"
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => navigate(`/disputes/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'number', width: 210 },
          { title: '登记日期', dataIndex: 'createdAt', width: 100, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
          { title: '纠纷简要情况', dataIndex: 'title' },
          { title: '类型', dataIndex: 'typeName', width: 90 },
          { title: '风险', dataIndex: 'riskLabel', width: 60, render: (v, r) => <Tag color={RISK_COLOR[r.riskLevel]}>{v}</Tag> },
          { title: '人数', dataIndex: 'peopleInvolved', width: 80, render: (v, r) => (r.isGroup ? <span>{v} <Tag color="volcano">群体</Tag></span> : v) },
          { title: '来源', dataIndex: 'sourceLabel', width: 80 },
          { title: '环节', dataIndex: 'stepName', width: 84 },
          { title: '状态', dataIndex: 'statusLabel', width: 100 },
          { title: '结果', dataIndex: 'outcomeLabel', width: 150, render: (v, r) => (v ? <Tag color={OUTCOME_COLOR[r.outcome ?? '']}>{v}</Tag> : '—') },
        ]}
      />
      <RegisterDispute
        open={open}
        fromCaseId={fromCase}
        onClose={() => {
          setOpen(false);
          if (fromCase) setParams({});
        }}
        onCreated={(id) => navigate(`/disputes/${id}`)}
      />
    </Card>
  );
}

/** Reloads the dispute's records whenever the case changes (an action) or a record is saved. */
function Records({ id, version }: { id: number; version: number }) {
  const [tick, setTick] = useState(0);
  const { data } = useLoad(() => api.get<Dispute>(`/api/disputes/${id}`), [id, version, tick]);
  if (!data) return <Skeleton active paragraph={{ rows: 3 }} />;
  return <DisputeRecords d={data} reload={() => setTick((x) => x + 1)} />;
}

function DisputeRoute() {
  const { id } = useParams();
  const navigate = useNavigate();
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate('/disputes')} backTo="台账" extra={(c) => <Records id={c.id} version={c.version} />} />;
}

export function DisputesPage() {
  return (
    <Routes>
      <Route index element={<Ledger />} />
      <Route path=":id" element={<DisputeRoute />} />
    </Routes>
  );
}
