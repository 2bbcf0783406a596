/**
 * 重点人群 (users with `sensitive`): list by category and risk level with the next follow-up date and its
 * red/yellow light, the person's page (category fields, 五帮一 team, visits, risk level change showing the
 * recomputed due date), the 随访 due/overdue desk, and the 访视策略 editor.
 */
import { EditOutlined, PlusOutlined, ReloadOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { MENTAL_RISK_LABEL, SPECIAL_CATEGORIES, SPECIAL_CATEGORY_LABEL, type SpecialCategory } from '../../../../domain/people/categories';
import { api, type Page } from '../../../app/api';
import { hasPermission, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { detailLabel, detailText } from '../../../features/people/special-fields';
import { RecordVisitDrawer } from '../../../features/people/visit-form';
import { AreaFilter, dueLight, type SpecialPerson, type VisitPolicy } from './shared';
import { DetailsModal, RegisterSpecialDrawer, TeamModal } from './special-forms';

const CATEGORY_OPTIONS = SPECIAL_CATEGORIES.map((c) => ({ value: c, label: SPECIAL_CATEGORY_LABEL[c] }));
const LEVEL_OPTIONS = [0, 1, 2, 3, 4, 5].map((l) => ({ value: l, label: `${l}级` }));
const categoryLabel = (c: string) => SPECIAL_CATEGORY_LABEL[c as SpecialCategory] ?? c;

export function RiskTag({ level }: { level: number }) {
  const color = level >= 3 ? 'red' : level >= 1 ? 'orange' : 'green';
  return <Tag color={color}>{level}级</Tag>;
}

export function DueCell({ s }: { s: SpecialPerson }) {
  if (!s.nextVisitDue) return <span>—</span>;
  const light = dueLight(s.dueStatus);
  return (
    <Space size={4}>
      <Badge color={light.color === 'gold' ? '#faad14' : light.color} />
      <span>{dayjs(s.nextVisitDue).format('YYYY-MM-DD')}</span>
      {s.dueStatus !== 'scheduled' && <Tag color={light.color}>{light.label}</Tag>}
    </Space>
  );
}

type SpecialDetail = SpecialPerson & {
  details: Record<string, unknown>;
  note: string | null;
  policy: { intervalDays: number; notifyPolice: boolean; referral: boolean; note: string | null };
  team: { id: number; role: string; roleLabel: string; name: string; userId: number | null; phoneMasked: string | null }[];
  visits: { id: number; visitedAt: string; visitorName: string; peopleMet: number; findings: string | null }[];
};

function RiskForm({ s, onSaved }: { s: SpecialDetail; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ riskLevel: number; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const level = Form.useWatch('riskLevel', form);
  const submit = async (v: { riskLevel: number; reason: string }) => {
    setBusy(true);
    try {
      const r = await api.patch<{ version: number; nextVisitDue: string | null; policeNotified: number }>(`/api/special-persons/${s.id}`, {
        version: s.version,
        riskLevel: v.riskLevel,
        reason: v.reason.trim(),
      });
      const due = r.nextVisitDue ? dayjs(r.nextVisitDue).format('YYYY-MM-DD') : '—';
      setDone(`风险等级已调整为${v.riskLevel}级，下次随访时间重算为 ${due}${r.policeNotified ? `，已通知民警${r.policeNotified}人` : ''}`);
      message.success('风险等级已调整');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="调整风险等级" style={{ marginTop: 16 }}>
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 12 }} data-testid="risk-result" />}
      <Form form={form} layout="inline" onFinish={submit} initialValues={{ riskLevel: s.riskLevel }}>
        <Form.Item name="riskLevel" label="风险等级" rules={[{ required: true, message: '请选择风险等级' }]}>
          <Select style={{ width: 100 }} options={LEVEL_OPTIONS} data-testid="risk-select" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="调整原因"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: '请填写调整原因' },
            { max: 200, message: '原因不能超过200个字' },
          ]}
        >
          <Input style={{ width: 200 }} placeholder="如：近期有打砸行为" data-testid="risk-reason" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={level === s.riskLevel}>
            确认调整
          </Button>
        </Form.Item>
      </Form>
      {s.category === 'mental' && level !== undefined && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {MENTAL_RISK_LABEL[level]}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

export function SpecialDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const me = useMe();
  const canManage = hasPermission(me, 'sensitive');
  const detail = useLoad(() => (id ? api.get<SpecialDetail>(`/api/special-persons/${id}`) : Promise.resolve(undefined)), [id]);
  const s = detail.data;
  const [editing, setEditing] = useState<'team' | 'details' | 'visit' | null>(null);
  const saved = () => {
    setEditing(null);
    detail.reload();
    onChanged?.();
  };
  return (
    <Drawer
      title={s ? `重点人员：${s.personName}` : '重点人员'}
      open={id !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      extra={
        s && (
          <Space>
            <Button type="primary" icon={<ScheduleOutlined />} onClick={() => setEditing('visit')} data-testid="record-follow-up">
              登记随访
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setEditing('details')}>
              修改分类信息
            </Button>
            {canManage && (
              <Button icon={<TeamOutlined />} onClick={() => setEditing('team')} data-testid="edit-team">
                编辑帮扶小组
              </Button>
            )}
          </Space>
        )
      }
    >
      {detail.error && <Alert type="error" title={detail.error} />}
      {s && (
        <>
          <Descriptions column={2} bordered size="small">
            <Descriptions.Item label="姓名">{s.personName}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{s.idCardMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="类别">{s.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="风险等级">
              <RiskTag level={s.riskLevel} />
            </Descriptions.Item>
            <Descriptions.Item label="所属">{s.areaName ?? s.areaCode}</Descriptions.Item>
            <Descriptions.Item label="随访间隔">每 {s.policy.intervalDays} 天</Descriptions.Item>
            <Descriptions.Item label="上次随访">{s.lastVisitAt ? dayjs(s.lastVisitAt).format('YYYY-MM-DD') : '—'}</Descriptions.Item>
            <Descriptions.Item label="下次随访">
              <DueCell s={s} />
            </Descriptions.Item>
            {Object.entries(s.details).map(([k, v]) => (
              <Descriptions.Item key={k} label={detailLabel(s.category as SpecialCategory, k)}>
                {detailText(v)}
              </Descriptions.Item>
            ))}
            {s.note && (
              <Descriptions.Item label="备注" span={2}>
                {s.note}
              </Descriptions.Item>
            )}
          </Descriptions>
          {(s.policy.notifyPolice || s.policy.referral) && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={[s.policy.notifyPolice ? '该等级须通报民警' : '', s.policy.referral ? '建议转诊' : '', s.policy.note ?? ''].filter(Boolean).join('；')}
            />
          )}
          <RiskForm
            s={s}
            onSaved={() => {
              detail.reload();
              onChanged?.();
            }}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            帮扶小组(五帮一)
          </Typography.Title>
          {s.team.length ? (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="team-table"
              dataSource={s.team}
              columns={[
                { title: '岗位', dataIndex: 'roleLabel', width: 120, render: (v: string) => <Tag color="blue">{v}</Tag> },
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (v: string, m) => (
                    <Space>
                      {v}
                      {m.userId ? <Tag color="green">系统用户</Tag> : null}
                    </Space>
                  ),
                },
                { title: '电话', dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
              ]}
            />
          ) : (
            <Empty description="尚未建立帮扶小组" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          <TeamModal open={editing === 'team'} record={s} onClose={() => setEditing(null)} onSaved={saved} />
          <DetailsModal open={editing === 'details'} record={s} onClose={() => setEditing(null)} onSaved={saved} />
          <RecordVisitDrawer open={editing === 'visit'} special={s} onClose={() => setEditing(null)} onSaved={saved} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            随访记录
          </Typography.Title>
          {s.visits.length ? (
            <Timeline
              items={s.visits.map((v) => ({
                key: v.id,
                content: (
                  <>
                    <b>{dayjs(v.visitedAt).format('YYYY-MM-DD HH:mm')}</b> {v.visitorName}，见面 {v.peopleMet} 人
                    {v.findings && <div style={{ color: '#666' }}>{v.findings}</div>}
                  </>
                ),
              }))}
            />
          ) : (
            <Empty description="暂无随访记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </>
      )}
    </Drawer>
  );
}

function SpecialList() {
  const me = useMe();
  const [registering, setRegistering] = useState(false);
  const [f, setF] = useState<{ category?: string; riskLevel?: number; due?: string; q?: string; area?: string }>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useLoad(() => api.get<Page<SpecialPerson>>('/api/special-persons', { page, pageSize: 20, ...f }), [page, JSON.stringify(f)]);
  const set = (patch: Partial<typeof f>) => {
    setPage(1);
    setF((x) => ({ ...x, ...patch }));
  };
  const columns: TableColumnsType<SpecialPerson> = [
    {
      title: '姓名',
      dataIndex: 'personName',
      width: 110,
      render: (v: string, s) => (
        <Button type="link" size="small" onClick={() => setOpen(s.id)}>
          {v}
        </Button>
      ),
    },
    { title: '身份证号', dataIndex: 'idCardMasked', width: 190, render: (v: string | null) => v ?? '—' },
    { title: '类别', dataIndex: 'categoryLabel', render: (v: string) => <Tag color="purple">{v}</Tag> },
    { title: '风险等级', dataIndex: 'riskLevel', width: 90, render: (l: number) => <RiskTag level={l} /> },
    { title: '所属', dataIndex: 'areaName', render: (v: string | null, s) => v ?? s.areaCode },
    { title: '上次随访', dataIndex: 'lastVisitAt', width: 110, render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—') },
    { title: '下次随访', key: 'due', width: 190, render: (_: unknown, s) => <DueCell s={s} /> },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="姓名" style={{ width: 160 }} onSearch={(v) => set({ q: v.trim() || undefined })} />
        <Select allowClear placeholder="全部类别" style={{ width: 180 }} options={CATEGORY_OPTIONS} onChange={(v) => set({ category: v })} />
        <Select allowClear placeholder="风险等级" style={{ width: 110 }} options={LEVEL_OPTIONS} onChange={(v) => set({ riskLevel: v })} />
        <Select
          allowClear
          placeholder="随访状态"
          style={{ width: 120 }}
          options={[
            { value: 'overdue', label: '逾期(红灯)' },
            { value: 'due_soon', label: '临期(黄灯)' },
          ]}
          onChange={(v) => set({ due: v })}
        />
        <AreaFilter value={f.area} onChange={(area) => set({ area })} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
        {hasPermission(me, 'sensitive') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
            登记重点人员
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" title={list.error} style={{ marginBottom: 16 }} />}
      <Table<SpecialPerson>
        rowKey="id"
        size="middle"
        data-testid="special-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 人`, onChange: setPage }}
      />
      <SpecialDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <RegisterSpecialDrawer
        open={registering}
        onClose={() => setRegistering(false)}
        onSaved={(id) => {
          setRegistering(false);
          list.reload();
          setOpen(id);
        }}
      />
    </>
  );
}

type DueRow = SpecialPerson & { daysOverdue: number; responsible: string[]; myRoles: string[] };

function DueDesk() {
  const [scope, setScope] = useState<'mine' | 'area'>('area');
  const [withinDays, setWithin] = useState(7);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useLoad(
    () => api.get<Page<DueRow> & { overdue: number }>('/api/visits/due', { scope, withinDays, page, pageSize: 20 }),
    [scope, withinDays, page],
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          value={scope}
          style={{ width: 140 }}
          onChange={(v) => {
            setPage(1);
            setScope(v);
          }}
          options={[
            { value: 'area', label: '辖区全部' },
            { value: 'mine', label: '本人负责' },
          ]}
        />
        <span>未来</span>
        <InputNumber min={0} max={90} value={withinDays} onChange={(v) => {
          setPage(1);
          setWithin(v ?? 7);
        }} />
        <span>天内到期及已逾期</span>
        {list.data && (
          <Tag color={list.data.overdue ? 'red' : 'green'}>
            逾期 {list.data.overdue} 人 / 共 {list.data.total} 人
          </Tag>
        )}
      </Space>
      <Table<DueRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '姓名', dataIndex: 'personName', width: 100 },
          { title: '类别', dataIndex: 'categoryLabel' },
          { title: '风险等级', dataIndex: 'riskLevel', width: 90, render: (l: number) => <RiskTag level={l} /> },
          { title: '应随访', key: 'due', width: 190, render: (_: unknown, s) => <DueCell s={s} /> },
          {
            title: '逾期天数',
            dataIndex: 'daysOverdue',
            width: 90,
            render: (d: number) => (d > 0 ? <Typography.Text type="danger">{d} 天</Typography.Text> : '—'),
          },
          { title: '负责人', dataIndex: 'responsible', render: (r: string[]) => r.join('、') || '—' },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 人`, onChange: setPage }}
      />
      <SpecialDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
    </>
  );
}

function PolicyEditor() {
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = hasPermission(me, 'policy:manage');
  const policies = useLoad(() => api.get<{ items: VisitPolicy[] }>('/api/visit-policies'), []);
  const [rows, setRows] = useState<VisitPolicy[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (policies.data) setRows(policies.data.items);
  }, [policies.data]);
  const patch = (i: number, p: Partial<VisitPolicy>) => setRows((r) => r.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const save = async () => {
    setBusy(true);
    try {
      const r = await api.put<{ rescheduled: number }>('/api/visit-policies', { items: rows });
      message.success(`访视策略已保存，已按新间隔重算 ${r.rescheduled} 人的下次随访时间`);
      policies.reload();
    } catch (e) {
      showApiError(e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {!canEdit && <Alert type="info" showIcon title="访视策略由系统管理员维护，此处仅供查看。" style={{ marginBottom: 16 }} />}
      <Table<VisitPolicy>
        rowKey={(p) => `${p.category}-${p.minLevel}-${p.maxLevel}`}
        size="small"
        loading={policies.loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '类别', dataIndex: 'category', render: (c: string) => categoryLabel(c) },
          { title: '风险等级', key: 'levels', width: 110, render: (_: unknown, p) => (p.minLevel === p.maxLevel ? `${p.minLevel}级` : `${p.minLevel}-${p.maxLevel}级`) },
          {
            title: '随访间隔(天)',
            dataIndex: 'intervalDays',
            width: 130,
            render: (v: number, _p, i) => <InputNumber min={1} max={366} value={v} disabled={!canEdit} onChange={(n) => patch(i, { intervalDays: n ?? v })} />,
          },
          {
            title: '通报民警',
            dataIndex: 'notifyPolice',
            width: 90,
            render: (v: boolean, _p, i) => <Switch checked={v} disabled={!canEdit} onChange={(c) => patch(i, { notifyPolice: c })} />,
          },
          {
            title: '转诊',
            dataIndex: 'referral',
            width: 80,
            render: (v: boolean, _p, i) => <Switch checked={v} disabled={!canEdit} onChange={(c) => patch(i, { referral: c })} />,
          },
          { title: '说明', dataIndex: 'note', render: (v: string | null | undefined) => v ?? '—' },
        ]}
      />
      {canEdit && (
        <Button type="primary" style={{ marginTop: 16 }} loading={busy} onClick={save}>
          保存访视策略
        </Button>
      )}
    </>
  );
}

export function SpecialPage() {
  return (
    <Card title="重点人群">
      <Tabs
        items={[
          { key: 'list', label: '重点人员', children: <SpecialList /> },
          { key: 'due', label: '随访待办', children: <DueDesk /> },
          { key: 'policy', label: '访视策略', children: <PolicyEditor /> },
        ]}
      />
    </Card>
  );
}

export function PolicyPage() {
  return (
    <Card title="访视策略">
      <PolicyEditor />
    </Card>
  );
}
