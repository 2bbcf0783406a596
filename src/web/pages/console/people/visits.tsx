/**
 * 入户走访: visit records (record a visit, turn a finding into an event), statistics per grid and period
 * (households visited and person-visits, as the seed reports count them), and 平安夜访 campaigns.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { AreaFilter, type Visit } from './shared';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

type Category = { code: string; name: string; kind: string };

function RecordVisitDrawer({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { householdId?: number; areaCode?: string[]; peopleMet?: number; findings?: string; visitedAt?: Dayjs }) => {
    setBusy(true);
    try {
      const r = await api.post<{ id: number; nextVisitDue: string | null }>('/api/visits', {
        householdId: v.householdId ?? null,
        areaCode: v.householdId ? null : (v.areaCode?.[0] ?? null),
        peopleMet: v.peopleMet ?? 0,
        findings: v.findings?.trim() || null,
        visitedAt: v.visitedAt ? v.visitedAt.toISOString() : undefined,
      });
      message.success(`走访已登记${r.nextVisitDue ? `，下次随访 ${dayjs(r.nextVisitDue).format('YYYY-MM-DD')}` : ''}`);
      form.resetFields();
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      title="登记入户走访"
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="户编号(ID)" name="householdId" extra="在“实有人口 › 户”中可查到；不填则按网格登记">
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="网格编码" name="areaCode" extra="未填户时必填">
          <Select mode="tags" maxCount={1} placeholder="如 620523101001001" />
        </Form.Item>
        <Form.Item label="走访时间" name="visitedAt">
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="见面人数" name="peopleMet" rules={[{ type: 'number', min: 0, max: 100, message: '见面人数为0-100' }]}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="发现问题" name="findings" rules={[{ max: 2000, message: '不能超过2000字' }]}>
          <Input.TextArea rows={4} placeholder="走访中发现的问题、群众诉求(可在列表中一键上报为事件)" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ReportFindingModal({ visit, onClose, onDone }: { visit: Visit | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const cats = useLoad(() => api.get<{ items: Category[] }>('/api/case-categories', { kind: 'event' }), []);
  const submit = async (v: { categoryCode: string; title: string; grade?: string }) => {
    if (!visit) return;
    setBusy(true);
    try {
      const r = await api.post<{ caseId: number; number: string }>(`/api/visits/${visit.id}/case`, {
        kind: 'event',
        categoryCode: v.categoryCode,
        title: v.title.trim(),
        description: visit.findings ?? undefined,
        grade: v.grade,
      });
      message.success(`已上报为事件 ${r.number}`);
      onDone();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="走访发现转为事件" open={visit !== null} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText="上报" destroyOnHidden>
      <Typography.Paragraph type="secondary">{visit?.findings}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ title: visit?.findings?.slice(0, 30) ?? '', grade: 'routine' }}>
        <Form.Item label="事件标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写事件标题' }, { max: 100, message: '不超过100字' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="事件分类" name="categoryCode" rules={[{ required: true, message: '请选择事件分类' }]}>
          <Select options={(cats.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item label="哨级" name="grade">
          <Select
            options={[
              { value: 'routine', label: '常规哨' },
              { value: 'key', label: '重点哨' },
              { value: 'hard', label: '疑难哨' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitList() {
  const [f, setF] = useState<{ area?: string; from?: string; to?: string; mine?: '1' }>({});
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState(false);
  const [reporting, setReporting] = useState<Visit | null>(null);
  const list = useLoad(() => api.get<Page<Visit>>('/api/visits', { page, pageSize: 20, ...f }), [page, JSON.stringify(f)]);
  const set = (patch: Partial<typeof f>) => {
    setPage(1);
    setF((x) => ({ ...x, ...patch }));
  };
  const columns: TableColumnsType<Visit> = [
    { title: '走访时间', dataIndex: 'visitedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    { title: '走访人', dataIndex: 'visitorName', width: 120 },
    { title: '网格', dataIndex: 'areaName', render: (v: string | null, r) => v ?? r.areaCode },
    { title: '户号', dataIndex: 'householdNo', width: 100, render: (v: string | null) => v ?? '—' },
    { title: '见面人数', dataIndex: 'peopleMet', width: 90 },
    {
      title: '类型',
      key: 'type',
      width: 110,
      render: (_: unknown, r) => (r.specialPersonId ? <Tag color="purple">重点人员随访</Tag> : r.campaignId ? <Tag color="blue">平安夜访</Tag> : <Tag>入户走访</Tag>),
    },
    { title: '发现问题', dataIndex: 'findings', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '操作',
      key: 'op',
      width: 110,
      render: (_: unknown, r) =>
        r.caseId ? (
          <Tag color="green">已转事件</Tag>
        ) : r.findings ? (
          <Button size="small" type="link" onClick={() => setReporting(r)}>
            转为事件
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaFilter value={f.area} onChange={(area) => set({ area })} />
        <DatePicker.RangePicker onChange={(r) => set({ from: day(r?.[0]), to: day(r?.[1]) })} />
        <Select
          style={{ width: 120 }}
          value={f.mine ?? 'all'}
          onChange={(v) => set({ mine: v === '1' ? '1' : undefined })}
          options={[
            { value: 'all', label: '全部走访' },
            { value: '1', label: '本人走访' },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
          登记走访
        </Button>
      </Space>
      {list.error && <Alert type="error" title={list.error} style={{ marginBottom: 16 }} />}
      <Table<Visit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 次走访`, onChange: setPage }}
      />
      <RecordVisitDrawer
        open={recording}
        onClose={() => setRecording(false)}
        onSaved={() => {
          setRecording(false);
          list.reload();
        }}
      />
      <ReportFindingModal
        visit={reporting}
        onClose={() => setReporting(null)}
        onDone={() => {
          setReporting(null);
          list.reload();
        }}
      />
    </>
  );
}

type StatsRow = { visits: number; households: number; personVisits: number; specialVisits: number; campaignVisits: number };
type Stats = { totals: StatsRow; items: (StatsRow & { gridCode: string; gridName: string | null; gridHouseholds: number })[] };

function VisitStats() {
  const [area, setArea] = useState<string | undefined>();
  const [range, setRange] = useState<{ from?: string; to?: string }>({
    from: dayjs().startOf('month').format('YYYY-MM-DD'),
    to: dayjs().format('YYYY-MM-DD'),
  });
  const stats = useLoad(() => api.get<Stats>('/api/visits/stats', { area, ...range }), [area, range.from, range.to]);
  const t = stats.data?.totals;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaFilter value={area} onChange={setArea} />
        <DatePicker.RangePicker
          defaultValue={[dayjs().startOf('month'), dayjs()]}
          onChange={(r) => setRange({ from: day(r?.[0]), to: day(r?.[1]) })}
        />
      </Space>
      {t && (
        <Space size={48} style={{ marginBottom: 16 }}>
          <Statistic title="走访户数" value={t.households} suffix="户" />
          <Statistic title="走访人次" value={t.personVisits} suffix="人次" />
          <Statistic title="走访次数" value={t.visits} />
          <Statistic title="重点人员随访" value={t.specialVisits} />
          <Statistic title="平安夜访" value={t.campaignVisits} />
        </Space>
      )}
      <Table
        rowKey="gridCode"
        size="middle"
        loading={stats.loading}
        dataSource={stats.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '网格', dataIndex: 'gridName', render: (v: string | null, r) => v ?? r.gridCode },
          { title: '网格户数', dataIndex: 'gridHouseholds', width: 100 },
          { title: '走访户数', dataIndex: 'households', width: 100 },
          {
            title: '户覆盖率',
            key: 'rate',
            width: 180,
            render: (_: unknown, r) => <Progress percent={r.gridHouseholds ? Math.round((r.households / r.gridHouseholds) * 100) : 0} size="small" />,
          },
          { title: '走访人次', dataIndex: 'personVisits', width: 100 },
          { title: '走访次数', dataIndex: 'visits', width: 100 },
          { title: '重点人员随访', dataIndex: 'specialVisits', width: 120 },
        ]}
      />
    </>
  );
}

type Campaign = {
  id: number;
  name: string;
  areaCode: string;
  areaName: string | null;
  weekday: number;
  startTime: string;
  startDate: string;
  endDate: string;
  participantIds: number[];
  targetHouseholds: number | null;
  sessionsScheduled: number;
  eveningsWithVisits: number;
  visits: number;
  households: number;
  personVisits: number;
};
type CampaignDetail = Campaign & { participants: { userId: number; displayName: string; visits: number; households: number; personVisits: number }[] };

function CampaignForm({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { name: string; areaCode: string[]; weekday: number; startTime?: string; range: [Dayjs, Dayjs]; participantIds: string[]; targetHouseholds?: number }) => {
    setBusy(true);
    try {
      await api.post('/api/visit-campaigns', {
        name: v.name.trim(),
        areaCode: v.areaCode[0],
        weekday: v.weekday,
        startTime: v.startTime || undefined,
        startDate: day(v.range[0]),
        endDate: day(v.range[1]),
        participantIds: v.participantIds.map(Number),
        targetHouseholds: v.targetHouseholds ?? null,
      });
      message.success('平安夜访已安排');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="安排平安夜访" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={560}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ weekday: 3, startTime: '19:30', participantIds: [String(me.id)], areaCode: me.scopes.slice(0, 1).map((s) => s.code) }}
      >
        <Form.Item label="活动名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 64, message: '不超过64字' }]}>
          <Input placeholder="如 新兴镇2026年冬季平安夜访" />
        </Form.Item>
        <Form.Item label="区域编码" name="areaCode" rules={[{ required: true, message: '请填写区域编码' }]}>
          <Select mode="tags" maxCount={1} />
        </Form.Item>
        <Space>
          <Form.Item label="每周" name="weekday" rules={[{ required: true }]}>
            <Select style={{ width: 100 }} options={WEEKDAY.map((w, i) => ({ value: i, label: w }))} />
          </Form.Item>
          <Form.Item label="开始时间" name="startTime" rules={[{ pattern: /^\d{2}:\d{2}$/, message: '格式如 19:30' }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label="目标户数" name="targetHouseholds">
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.Item label="起止日期" name="range" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="参加人员(用户ID)" name="participantIds" rules={[{ required: true, type: 'array', min: 1, message: '至少一名参加人员' }]}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Campaigns() {
  const me = useMe();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const list = useLoad(() => api.get<Page<Campaign>>('/api/visit-campaigns', { page, pageSize: 20 }), [page]);
  const detail = useLoad(() => (open ? api.get<CampaignDetail>(`/api/visit-campaigns/${open}`) : Promise.resolve(undefined)), [open]);
  return (
    <>
      {hasRole(me, 'leader', 'center_staff') && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setCreating(true)}>
          安排平安夜访
        </Button>
      )}
      <Table<Campaign>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '活动', dataIndex: 'name' },
          { title: '区域', dataIndex: 'areaName', render: (v: string | null, c) => v ?? c.areaCode },
          { title: '时间', key: 'when', render: (_: unknown, c) => `每${WEEKDAY[c.weekday]} ${c.startTime}，${c.startDate} 至 ${c.endDate}` },
          {
            title: '进度(有走访的夜晚/安排的夜晚)',
            key: 'progress',
            width: 220,
            render: (_: unknown, c) => (
              <Progress percent={c.sessionsScheduled ? Math.round((c.eveningsWithVisits / c.sessionsScheduled) * 100) : 0} format={() => `${c.eveningsWithVisits}/${c.sessionsScheduled}`} size="small" />
            ),
          },
          { title: '走访户数', key: 'hh', width: 110, render: (_: unknown, c) => (c.targetHouseholds ? `${c.households}/${c.targetHouseholds}` : c.households) },
          { title: '走访人次', dataIndex: 'personVisits', width: 90 },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 项活动`, onChange: setPage }}
      />
      <Drawer title={detail.data?.name ?? '平安夜访'} open={open !== null} onClose={() => setOpen(null)} size={560}>
        {detail.data && (
          <Table
            rowKey="userId"
            size="small"
            pagination={false}
            dataSource={detail.data.participants}
            columns={[
              { title: '参加人员', dataIndex: 'displayName' },
              { title: '走访次数', dataIndex: 'visits' },
              { title: '走访户数', dataIndex: 'households' },
              { title: '走访人次', dataIndex: 'personVisits' },
            ]}
          />
        )}
      </Drawer>
      <CampaignForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </>
  );
}

export function VisitsPage() {
  return (
    <Card title="入户走访">
      <Tabs
        items={[
          { key: 'list', label: '走访记录', children: <VisitList /> },
          { key: 'stats', label: '走访统计', children: <VisitStats /> },
          { key: 'campaigns', label: '平安夜访', children: <Campaigns /> },
        ]}
      />
    </Card>
  );
}
