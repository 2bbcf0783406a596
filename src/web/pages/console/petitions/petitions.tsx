/**
 * 信访事项: the list with the statutory clock in its columns (15日受理/告知, 5个工作日异议, 60日办理 and its one
 * extension, 复查/复核 windows) and late flags, 积案, 领导接访下访; registration; a petition's page with its clock,
 * 处理意见书 and 领导包案"五个一" beside the case engine's actions (交办, 延期, 出具意见书, 复查/复核 …).
 */
import { Button, Card, Descriptions, Empty, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type Page } from '../../../app/api';
import { hasRole, useAuth } from '../../../app/auth';
import { CHANNEL_LABEL, CHANNELS } from '../../../../domain/cases/kinds/petition';
import { CaseDetail } from '../../../features/cases/case-detail';
import '../../../features/disputes/action-fields';
import { useLoad } from '../../../ui/use-load';
import { type LeaderPlan, LeaderPlanForm, RegisterPetition, ScheduleForm } from './petition-forms';

type Opinion = { stage: string; decisionLabel: string; at: string; request: string; facts: string; basis: string };
type Petition = {
  id: number;
  number: string;
  title: string;
  areaCode: string;
  status: string;
  statusLabel: string;
  petitionTypeLabel: string;
  channelLabel: string;
  identityHidden: boolean;
  petitioners: { name: string; phone: string | null; representative: boolean }[];
  groupSize: number;
  matter: string;
  proxied: boolean;
  stage: string;
  stageLabel: string;
  registeredAt: string;
  intakeDueAt: string;
  intakeDoneAt: string | null;
  intakeHow: string | null;
  objectionDueAt: string | null;
  handleDueAt: string | null;
  extendedDays: number | null;
  extensionReason: string | null;
  repliedAt: string | null;
  reviewApplyDueAt: string | null;
  final: boolean;
  backlog: boolean;
  repeatOf: number | null;
  intakeLate: boolean;
  objectionLate: boolean;
  handleLate: boolean;
  leaderPlan: LeaderPlan | null;
  opinions: Opinion[];
};
type Schedule = { id: number; areaCode: string; leaderName: string; kind: string; day: string; place: string; note: string | null };

const day = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');
const INTAKE_HOW: Record<string, string> = { accepted: '受理', rejected: '不予受理', forwarded: '转送', noticed: '书面告知', assigned: '交办' };
const DONE = new Set(['handled', 'closed', 'evaluated', 'rejected', 'merged']);
const STAGE_OPINION: Record<string, string> = { first: '处理意见书', review: '复查意见书', recheck: '复核意见书' };

/** One statutory period: done (on time or late), or running with the days left, 黄灯 within 3 days, 红灯 when past. */
function Clock({ due, done, late, doneText, testId }: { due: string | null; done?: string | null; late?: boolean; doneText?: string; testId?: string }) {
  if (!due) return <span style={{ color: 'rgba(0,0,0,0.35)' }}>—</span>;
  if (done)
    return (
      <span data-testid={testId} data-state={late ? 'late' : 'done'}>
        {late ? <Tag color="red">超期{doneText ?? '办理'}</Tag> : <Tag color="green">已{doneText ?? '办理'}</Tag>}
        <span style={{ fontSize: 12 }}>{day(done)}</span>
      </span>
    );
  const left = Math.ceil((dayjs(due).valueOf() - Date.now()) / 86_400_000);
  const color = left < 0 || late ? 'red' : left <= 3 ? 'gold' : 'green';
  return (
    <Tooltip title={`期限 ${dayjs(due).format('YYYY-MM-DD HH:mm')}`}>
      <span data-testid={testId} data-state={color}>
        <Tag color={color} style={{ marginInlineEnd: 4 }}>
          {left < 0 ? `超期${-left}天` : `剩${left}天`}
        </Tag>
        <span style={{ fontSize: 12 }}>{dayjs(due).format('MM-DD')}</span>
      </span>
    </Tooltip>
  );
}

function Flags({ p }: { p: Petition }) {
  return (
    <Space size={2} wrap>
      {p.intakeLate && <Tag color="red">受理超期</Tag>}
      {p.objectionLate && <Tag color="orange">异议超期</Tag>}
      {p.handleLate && <Tag color="red">办理超期</Tag>}
      {p.backlog && <Tag color="volcano">积案</Tag>}
      {p.repeatOf && <Tag color="purple">重复信访</Tag>}
      {p.proxied && <Tag color="cyan">代办</Tag>}
      {p.leaderPlan && <Tag color="geekblue">领导包案</Tag>}
      {p.final && <Tag>已终结</Tag>}
    </Space>
  );
}

const handleDone = (p: Petition) => (DONE.has(p.status) ? (p.repliedAt ?? p.intakeDoneAt) : null);

const COLUMNS = [
  { title: '编号', dataIndex: 'number', width: 190 },
  { title: '信访事项', dataIndex: 'title', width: 260, render: (v: string, p: Petition) => <span>{v}<div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{p.petitionTypeLabel} · {p.channelLabel}{p.groupSize > 1 ? ` · ${p.groupSize}人` : ''}</div></span> },
  { title: '登记', dataIndex: 'registeredAt', width: 96, render: day },
  {
    title: '15日受理/告知',
    width: 130,
    render: (_: unknown, p: Petition) => <Clock testId="clock-intake" due={p.intakeDueAt} done={p.intakeDoneAt} late={p.intakeLate} doneText={p.intakeHow ? INTAKE_HOW[p.intakeHow] : '受理'} />,
  },
  {
    title: '交办异议(5个工作日)',
    width: 120,
    render: (_: unknown, p: Petition) =>
      !p.objectionDueAt ? '—' : p.status === 'assigned' ? <Clock due={p.objectionDueAt} late={p.objectionLate} /> : p.objectionLate ? <Tag color="orange">异议超期</Tag> : <span style={{ fontSize: 12 }}>至{dayjs(p.objectionDueAt).format('MM-DD')}</span>,
  },
  {
    title: '办理期限',
    width: 150,
    render: (_: unknown, p: Petition) =>
      p.intakeDoneAt && p.intakeHow === 'accepted' ? (
        <span>
          <Clock testId="clock-handle" due={p.handleDueAt} done={handleDone(p)} late={p.handleLate} doneText="答复" />
          {p.extendedDays ? <Tag color="blue">延期{p.extendedDays}日</Tag> : null}
        </span>
      ) : p.intakeDoneAt ? (
        '—'
      ) : (
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>受理后60日</span>
      ),
  },
  {
    title: '复查/复核',
    width: 130,
    render: (_: unknown, p: Petition) =>
      p.final ? <Tag>已终结</Tag> : p.reviewApplyDueAt ? <span><div style={{ fontSize: 12 }}>{p.stage === 'first' ? '可申请复查至' : p.stage === 'review' ? '可申请复核至' : '复核'}</div>{day(p.reviewApplyDueAt)}</span> : p.stage !== 'first' ? <Tag color="blue">{p.stageLabel}中</Tag> : '—',
  },
  { title: '状态', dataIndex: 'statusLabel', width: 96 },
  { title: '提示', width: 150, render: (_: unknown, p: Petition) => <Flags p={p} /> },
];

function PetitionList({ backlog }: { backlog?: boolean }) {
  const navigate = useNavigate();
  const [type, setType] = useState<string>();
  const [channel, setChannel] = useState<string>();
  const [stage, setStage] = useState<string>();
  const [page, setPage] = useState(1);
  const { data, loading } = useLoad(
    () => api.get<Page<Petition>>('/api/petitions', { type, channel, stage, backlog: backlog ? '1' : undefined, page, pageSize: 20 }),
    [type, channel, stage, backlog, page],
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="信访类型" style={{ width: 140 }} onChange={(v) => {
            setType(v);
            setPage(1);
          }} options={[{ value: 'suggestion', label: '建议意见类' }, { value: 'accusation', label: '检举控告类' }, { value: 'appeal', label: '申诉求决类' }]} />
        <Select allowClear placeholder="信访形式" style={{ width: 120 }} onChange={(v) => {
            setChannel(v);
            setPage(1);
          }} options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))} />
        <Select allowClear placeholder="办理阶段" style={{ width: 120 }} onChange={(v) => {
            setStage(v);
            setPage(1);
          }} options={[{ value: 'first', label: '办理' }, { value: 'review', label: '复查' }, { value: 'recheck', label: '复核' }]} />
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>共 {data?.total ?? 0} 件</span>
      </Space>
      <Table<Petition>
        rowKey="id"
        size="small"
        loading={loading}
        data-testid={backlog ? 'backlog-table' : 'petition-table'}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => navigate(`/petitions/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: backlog ? '没有积案' : '暂无信访事项' }}
        scroll={{ x: 1420 }}
        columns={COLUMNS}
      />
    </>
  );
}

function Schedules() {
  const { me } = useAuth();
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  const from = all ? undefined : dayjs().format('YYYY-MM-DD');
  const { data, loading, reload } = useLoad(() => api.get<Page<Schedule>>('/api/petition-schedules', { from }), [from]);
  const centre = hasRole(me, 'center_staff');
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {centre && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="open-schedule">
            登记接访下访
          </Button>
        )}
        <Select value={all ? 'all' : 'upcoming'} onChange={(v) => setAll(v === 'all')} style={{ width: 140 }} options={[{ value: 'upcoming', label: '今天及以后' }, { value: 'all', label: '全部(含已过)' }]} />
      </Space>
      <Table<Schedule>
        rowKey="id"
        size="small"
        loading={loading}
        data-testid="schedule-table"
        dataSource={data?.items ?? []}
        locale={{ emptyText: '暂无接访下访安排' }}
        pagination={false}
        columns={[
          { title: '日期', dataIndex: 'day', width: 130, render: (v: string) => `${v} 周${'日一二三四五六'[dayjs(v).day()]}` },
          { title: '领导', dataIndex: 'leaderName', width: 160 },
          { title: '方式', dataIndex: 'kind', width: 80, render: (v: string) => (v === 'visit' ? <Tag color="purple">下访</Tag> : <Tag color="blue">接访</Tag>) },
          { title: '地点', dataIndex: 'place' },
          { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
      />
      <ScheduleForm
        open={open}
        defaultArea={me?.scopes[0]?.code}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          reload();
        }}
      />
    </>
  );
}

function List() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'all';
  const [open, setOpen] = useState(false);
  return (
    <Card
      title="信访事项"
      extra={
        hasRole(me, 'center_staff') && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="open-register-petition">
            登记信访
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'all' ? {} : { tab: k })}
        items={[
          { key: 'all', label: '全部事项', children: <PetitionList /> },
          { key: 'backlog', label: '积案(超期或重复信访)', children: <PetitionList backlog /> },
          { key: 'schedules', label: '领导接访下访', children: <Schedules /> },
        ]}
      />
      <RegisterPetition open={open} onClose={() => setOpen(false)} onCreated={(id) => navigate(`/petitions/${id}`)} />
    </Card>
  );
}

function Section({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginTop: 12 }}>
      {children}
    </Card>
  );
}

function PetitionPanel({ id, version }: { id: number; version: number }) {
  const { me } = useAuth();
  const [tick, setTick] = useState(0);
  const [planOpen, setPlanOpen] = useState(false);
  const { data: p } = useLoad(() => api.get<Petition>(`/api/petitions/${id}`), [id, version, tick]);
  if (!p) return null;
  const canPlan = hasRole(me, 'center_staff', 'leader');
  return (
    <div data-testid="petition-panel">
      <Section title="信访法定期限" extra={<Flags p={p} />}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="信访类型">{p.petitionTypeLabel}</Descriptions.Item>
          <Descriptions.Item label="信访形式">{p.channelLabel}{p.proxied ? '(代办)' : ''}</Descriptions.Item>
          <Descriptions.Item label="办理阶段">{p.stageLabel}{p.final ? '(已终结)' : ''}</Descriptions.Item>
          <Descriptions.Item label="信访人" span={2}>
            {p.identityHidden ? (
              <Typography.Text type="secondary">(检举控告人信息保密)</Typography.Text>
            ) : (
              p.petitioners.map((x) => `${x.name}${x.representative ? '(代表)' : ''}${x.phone ? ` ${x.phone}` : ''}`).join('、')
            )}
          </Descriptions.Item>
          <Descriptions.Item label="人数">{p.groupSize}</Descriptions.Item>
          <Descriptions.Item label="登记日期">{day(p.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label="15日内受理/交办/转送/告知">
            <Clock due={p.intakeDueAt} done={p.intakeDoneAt} late={p.intakeLate} doneText={p.intakeHow ? INTAKE_HOW[p.intakeHow] : '受理'} />
          </Descriptions.Item>
          <Descriptions.Item label="交办异议期(5个工作日)">{p.objectionDueAt ? <Clock due={p.objectionDueAt} late={p.objectionLate} /> : '—'}</Descriptions.Item>
          <Descriptions.Item label={p.stage === 'first' ? '60日办理期限' : `${p.stageLabel}答复期限(30日)`}>
            <Clock due={p.handleDueAt} done={handleDone(p)} late={p.handleLate} doneText="答复" />
          </Descriptions.Item>
          <Descriptions.Item label="延期" span={2}>
            {p.extendedDays ? `已延期${p.extendedDays}日(已告知信访人)：${p.extensionReason}` : '未延期(可延期一次，不超过30日)'}
          </Descriptions.Item>
          <Descriptions.Item label="复查/复核申请期限">{p.final ? '已终结，不再受理' : day(p.reviewApplyDueAt)}</Descriptions.Item>
          <Descriptions.Item label="信访请求" span={3}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{p.matter}</div>
          </Descriptions.Item>
        </Descriptions>
      </Section>
      <Section title={`处理意见书(${p.opinions.length})`}>
        {p.opinions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未出具处理意见书(点击上方“出具处理意见书”)" />
        ) : (
          p.opinions.map((o) => (
            <Descriptions key={o.at} size="small" column={1} bordered style={{ marginBottom: 8 }} title={`${STAGE_OPINION[o.stage] ?? '处理意见书'} · ${day(o.at)}`}>
              <Descriptions.Item label="处理意见">
                <Tag color={o.decisionLabel === '支持' ? 'green' : o.decisionLabel === '不予支持' ? 'red' : 'blue'}>{o.decisionLabel}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="信访请求">{o.request}</Descriptions.Item>
              <Descriptions.Item label="事实和理由">{o.facts}</Descriptions.Item>
              <Descriptions.Item label="依据">{o.basis}</Descriptions.Item>
            </Descriptions>
          ))
        )}
      </Section>
      <Section
        title="领导包案“五个一”"
        extra={
          canPlan && (
            <Button size="small" onClick={() => setPlanOpen(true)} data-testid="edit-leader-plan">
              {p.leaderPlan ? '修改' : '填写'}
            </Button>
          )
        }
      >
        {p.leaderPlan ? (
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="包案领导">{p.leaderPlan.leader}</Descriptions.Item>
            <Descriptions.Item label="工作班子">{p.leaderPlan.team}</Descriptions.Item>
            <Descriptions.Item label="化解方案" span={2}>{p.leaderPlan.plan}</Descriptions.Item>
            <Descriptions.Item label="稳控措施" span={2}>{p.leaderPlan.measures}</Descriptions.Item>
            <Descriptions.Item label="一抓到底" span={2}>{p.leaderPlan.followThrough}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">未落实领导包案。积案、群体性和重复信访应由领导包案，落实“五个一”。</Typography.Text>
        )}
      </Section>
      <LeaderPlanForm
        id={p.id}
        plan={p.leaderPlan}
        open={planOpen}
        onClose={() => setPlanOpen(false)}
        onSaved={() => {
          setPlanOpen(false);
          setTick((t) => t + 1);
        }}
      />
    </div>
  );
}

function Detail() {
  const { id } = useParams();
  const navigate = useNavigate();
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate('/petitions')} backTo="信访事项" extra={(c) => <PetitionPanel id={c.id} version={c.version} />} />;
}

export function PetitionsPage() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
