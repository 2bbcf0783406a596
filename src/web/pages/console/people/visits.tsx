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
  Image,
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
import { showFieldError } from '../../../features/people/errors';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { SingleAreaPicker, StaffMultiPicker } from '../../../features/people/pickers';
import { RecordVisitDrawer } from '../../../features/people/visit-form';
import { AreaFilter, type Visit } from './shared';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

type Category = { code: string; name: string; kind: string };

function ReportFindingModal({ visit, onClose, onDone }: { visit: Visit | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'event' | 'dispute'>('event');
  const cats = useLoad(() => api.get<{ items: Category[] }>('/api/case-categories', { kind }), [kind]);
  const submit = async (v: { categoryCode: string; title: string; grade?: string }) => {
    if (!visit) return;
    setBusy(true);
    try {
      const r = await api.post<{ caseId: number; number: string }>(`/api/visits/${visit.id}/case`, {
        kind,
        categoryCode: v.categoryCode,
        title: v.title.trim(),
        description: visit.findings ?? undefined,
        grade: v.grade,
      });
      message.success(`已上报为${kind === 'event' ? '事件' : '矛盾纠纷'} ${r.number}`);
      onDone();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="走访发现上报为事件或矛盾纠纷" open={visit !== null} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText="上报" destroyOnHidden>
      <Typography.Paragraph type="secondary">{visit?.findings}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ title: visit?.findings?.slice(0, 30) ?? '', grade: 'routine' }}>
        <Form.Item label="上报为">
          <Select
            value={kind}
            onChange={(k) => {
              setKind(k);
              form.setFieldValue('categoryCode', undefined);
            }}
            options={[
              { value: 'event', label: '事件' },
              { value: 'dispute', label: '矛盾纠纷' },
            ]}
          />
        </Form.Item>
        <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写事件标题' }, { max: 100, message: '不超过100字' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="分类" name="categoryCode" rules={[{ required: true, message: '请选择分类' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={(cats.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} />
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
      title: '照片',
      dataIndex: 'photos',
      width: 150,
      // each view of a photo is audited on the server: thumbnails load only what the page shows
      render: (photos: string[], r) =>
        photos.length ? (
          <Image.PreviewGroup>
            <Space size={4} data-testid={`visit-photos-${r.id}`}>
              {photos.slice(0, 3).map((sha) => (
                <Image key={sha} width={36} height={36} style={{ objectFit: 'cover' }} src={`/api/visits/${r.id}/photos/${sha}`} alt="走访照片" />
              ))}
              {photos.length > 3 ? <Typography.Text type="secondary">+{photos.length - 3}</Typography.Text> : null}
            </Space>
          </Image.PreviewGroup>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'op',
      width: 110,
      render: (_: unknown, r) =>
        r.caseId ? (
          <Tag color="green">已上报</Tag>
        ) : r.findings ? (
          <Button size="small" type="link" onClick={() => setReporting(r)}>
            上报事件/纠纷
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

type CampaignValues = {
  name: string;
  areaCode: string;
  weekday: number;
  startTime?: string;
  range: [Dayjs, Dayjs];
  participantIds: number[];
  targetHouseholds?: number;
};

/** 安排平安夜访: the area from the area search, the evening of the week, the cadres picked by name. */
function CampaignForm({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<CampaignValues>();
  const [busy, setBusy] = useState(false);
  const area = Form.useWatch('areaCode', form);
  const submit = async (v: CampaignValues) => {
    setBusy(true);
    try {
      await api.post('/api/visit-campaigns', {
        name: v.name.trim(),
        areaCode: v.areaCode,
        weekday: v.weekday,
        startTime: v.startTime || undefined,
        startDate: day(v.range[0]),
        endDate: day(v.range[1]),
        participantIds: v.participantIds,
        targetHouseholds: v.targetHouseholds ?? null,
      });
      message.success(`平安夜访已安排，已通知 ${v.participantIds.length} 名参加人员`);
      onSaved();
    } catch (e) {
      showFieldError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="安排平安夜访"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="安排"
      okButtonProps={{ 'data-testid': 'campaign-save' } as Record<string, string>}
      confirmLoading={busy}
      destroyOnHidden
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="campaign-form"
        initialValues={{
          weekday: 2,
          startTime: '19:30',
          participantIds: [],
          areaCode: me.scopes[0]?.code || undefined,
          range: [dayjs(), dayjs().add(3, 'month')],
        }}
        onValuesChange={(changed: Partial<CampaignValues>) => {
          // the cadres must work in the area: a new area starts the list afresh
          if ('areaCode' in changed) form.setFieldValue('participantIds', []);
        }}
      >
        <Form.Item label="活动名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 64, message: '不超过64字' }]}>
          <Input placeholder="如 新兴镇2026年冬季平安夜访" data-testid="campaign-name" />
        </Form.Item>
        <Form.Item label="夜访区域" name="areaCode" rules={[{ required: true, message: '请选择夜访区域' }]} extra="乡镇、村(社区)或网格">
          <SingleAreaPicker placeholder="输入区域名称查找" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item label="每周" name="weekday" rules={[{ required: true, message: '请选择' }]}>
            <Select style={{ width: 100 }} options={WEEKDAY.map((w, i) => ({ value: i, label: w }))} />
          </Form.Item>
          <Form.Item label="开始时间" name="startTime" rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '格式如 19:30' }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label="目标户数" name="targetHouseholds">
            <InputNumber min={0} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item
          label="起止日期"
          name="range"
          rules={[{ required: true, type: 'array', message: '请选择起止日期' }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="参加人员"
          name="participantIds"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名参加人员' }]}
          extra="输入姓名查找该区域的干部、网格员"
        >
          <StaffMultiPicker area={area} />
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
