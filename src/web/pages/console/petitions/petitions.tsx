/** 信访事项: list with the statutory periods and late flags; a petition's details beside the case engine's view. */
import { Card, Descriptions, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { api, type Page } from '../../../app/api';
import { CaseDetail } from '../../../features/cases/case-detail';
import { useLoad } from '../../../ui/use-load';

type Petition = {
  id: number;
  number: string;
  title: string;
  statusLabel: string;
  petitionTypeLabel: string;
  channelLabel: string;
  identityHidden: boolean;
  petitioners: { name: string; phone: string | null; representative: boolean }[];
  groupSize: number;
  stageLabel: string;
  intakeDueAt: string;
  intakeDoneAt: string | null;
  handleDueAt: string | null;
  objectionDueAt: string | null;
  extendedDays: number | null;
  reviewApplyDueAt: string | null;
  final: boolean;
  backlog: boolean;
  intakeLate: boolean;
  objectionLate: boolean;
  handleLate: boolean;
  opinions: { stage: string; decisionLabel: string; at: string }[];
};
const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');

function Flags({ p }: { p: Petition }) {
  return (
    <Space size={4}>
      {p.intakeLate && <Tag color="red">受理超期</Tag>}
      {p.objectionLate && <Tag color="orange">异议超期</Tag>}
      {p.handleLate && <Tag color="red">办理超期</Tag>}
      {p.backlog && <Tag color="volcano">积案</Tag>}
      {p.final && <Tag>已终结</Tag>}
    </Space>
  );
}

function List() {
  const navigate = useNavigate();
  const [type, setType] = useState<string>();
  const [backlog, setBacklog] = useState<string>();
  const { data, loading } = useLoad(() => api.get<Page<Petition>>('/api/petitions', { type, backlog, pageSize: 50 }), [type, backlog]);
  return (
    <Card title="信访事项">
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="信访类型" style={{ width: 140 }} onChange={setType} options={[{ value: 'suggestion', label: '建议意见类' }, { value: 'accusation', label: '检举控告类' }, { value: 'appeal', label: '申诉求决类' }]} />
        <Select allowClear placeholder="积案" style={{ width: 100 }} onChange={setBacklog} options={[{ value: '1', label: '仅积案' }]} />
      </Space>
      <Table<Petition>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        onRow={(r) => ({ onClick: () => navigate(`/petitions/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'number', width: 220 },
          { title: '事项', dataIndex: 'title' },
          { title: '类型', dataIndex: 'petitionTypeLabel', width: 110 },
          { title: '渠道', dataIndex: 'channelLabel', width: 90 },
          { title: '阶段', dataIndex: 'stageLabel', width: 70 },
          { title: '办理期限', dataIndex: 'handleDueAt', width: 110, render: fmt },
          { title: '状态', dataIndex: 'statusLabel', width: 110 },
          { title: '提示', render: (_, p) => <Flags p={p} /> },
        ]}
      />
    </Card>
  );
}

function Detail() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { data: p } = useLoad(() => api.get<Petition>(`/api/petitions/${id}`), [id]);
  const extra = p ? (
    <Card title="信访法定期限" size="small" style={{ marginBottom: 16 }} extra={<Flags p={p} />}>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="类型">{p.petitionTypeLabel}</Descriptions.Item>
        <Descriptions.Item label="渠道">{p.channelLabel}</Descriptions.Item>
        <Descriptions.Item label="阶段">{p.stageLabel}</Descriptions.Item>
        <Descriptions.Item label="信访人">{p.petitioners.map((x) => `${x.name}${x.phone ? ` ${x.phone}` : ''}`).join('、')}</Descriptions.Item>
        <Descriptions.Item label="人数">{p.groupSize}</Descriptions.Item>
        <Descriptions.Item label="15日受理/交办/告知期限">{fmt(p.intakeDueAt)}(已办：{fmt(p.intakeDoneAt)})</Descriptions.Item>
        <Descriptions.Item label="异议期限">{fmt(p.objectionDueAt)}</Descriptions.Item>
        <Descriptions.Item label="办理期限">{fmt(p.handleDueAt)}{p.extendedDays ? `(已延期${p.extendedDays}日)` : ''}</Descriptions.Item>
        <Descriptions.Item label="复查/复核申请期限">{fmt(p.reviewApplyDueAt)}</Descriptions.Item>
      </Descriptions>
      {p.opinions.map((o) => (
        <div key={o.at}>
          {o.stage === 'first' ? '处理意见' : o.stage === 'review' ? '复查意见' : '复核意见'}：{o.decisionLabel}({fmt(o.at)})
        </div>
      ))}
    </Card>
  ) : null;
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate('/petitions')} extra={extra} />;
}

export function PetitionsPage() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
