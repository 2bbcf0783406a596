/**
 * 实有人口: people (search by name, by 身份证号 through its hash, by tag, by grid), households, buildings,
 * Excel import with the row-level error report, and export. Numbers are masked; 查看完整号码 asks for a reason
 * that the server writes into the audit log.
 */
import { DownloadOutlined, EditOutlined, EyeOutlined, PlusOutlined, ReloadOutlined, SwapOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { PERSON_TAGS } from '../../../../domain/people/categories';
import { ApiError, api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { AreaName } from '../../../ui/area-names';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { BuildingFormModal, HouseFormModal, HouseholdFormModal, MoveModal, PersonFormDrawer } from './people-forms';
import {
  AreaFilter,
  type Building,
  downloadFile,
  type Household,
  type HouseholdDetail,
  type ImportResult,
  MOVE_LABEL,
  PERSON_STATUS,
  type Person,
  type PersonDetail,
  uploadRaw,
} from './shared';

const TAG_OPTIONS = PERSON_TAGS.map((t) => ({ value: t, label: t }));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function RevealModal({
  person,
  field,
  onClose,
  onShown,
}: {
  person: Person;
  field: 'idCard' | 'phone' | null;
  onClose: () => void;
  onShown: (field: 'idCard' | 'phone', value: string | null) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const label = field === 'phone' ? '手机号' : '身份证号';
  const submit = async (v: { reason: string }) => {
    if (!field) return;
    setBusy(true);
    try {
      const r = await api.post<{ field: string; value: string | null }>(`/api/people/${person.id}/reveal`, { field, reason: v.reason.trim() });
      onShown(field, r.value);
      onClose();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`查看完整${label}：${person.name}`}
      open={field !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="查看"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="查看完整号码将记入审计日志，请如实填写用途。" />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          label="查看原因"
          name="reason"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: '请填写查看原因' },
            { max: 200, message: '原因不能超过200个字' },
          ]}
        >
          <Input.TextArea rows={3} placeholder="例如：办理低保复核需核对身份证号" data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PersonDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const me = useMe();
  const canWrite = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker');
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);
  const person = useLoad(() => (id ? api.get<PersonDetail>(`/api/people/${id}`) : Promise.resolve(undefined)), [id]);
  const p = person.data;
  const household = useLoad(
    () => (p?.householdId ? api.get<HouseholdDetail>(`/api/households/${p.householdId}`) : Promise.resolve(undefined)),
    [p?.householdId],
  );
  const [revealing, setRevealing] = useState<'idCard' | 'phone' | null>(null);
  const [shown, setShown] = useState<{ idCard?: string | null; phone?: string | null }>({});
  const close = () => {
    setShown({});
    onClose();
  };
  const number = (field: 'idCard' | 'phone', masked: string | null) => {
    const full = shown[field];
    if (full !== undefined) {
      return (
        <Space>
          <Typography.Text copyable data-testid={`revealed-${field}`}>
            {full ?? '—'}
          </Typography.Text>
          <Tag color="orange">已记入审计</Tag>
        </Space>
      );
    }
    if (!masked) return '—';
    return (
      <Space>
        <span>{masked}</span>
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setRevealing(field)}>
          查看完整号码
        </Button>
      </Space>
    );
  };
  return (
    <Drawer
      title={p ? `人员信息：${p.name}` : '人员信息'}
      open={id !== null}
      onClose={close}
      size={640}
      destroyOnHidden
      extra={
        p &&
        canWrite && (
          <Space>
            {p.status === 'active' && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
            )}
            <Button icon={<SwapOutlined />} onClick={() => setMoving(true)}>
              {p.status === 'active' ? '迁出/变动' : '迁入'}
            </Button>
          </Space>
        )
      }
    >
      {person.error && <Alert type="error" title={person.error} />}
      {p && (
        <>
          <Descriptions column={2} bordered size="small">
            <Descriptions.Item label="姓名">{p.name}</Descriptions.Item>
            <Descriptions.Item label="性别">{p.gender ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="身份证号" span={2}>
              {number('idCard', p.idCardMasked)}
            </Descriptions.Item>
            <Descriptions.Item label="手机号" span={2}>
              {number('phone', p.phoneMasked)}
            </Descriptions.Item>
            <Descriptions.Item label="出生日期">{p.birthDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="户籍类型">{p.residency}</Descriptions.Item>
            <Descriptions.Item label="所属网格">{p.areaName ?? p.areaCode}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={PERSON_STATUS[p.status]?.color}>{PERSON_STATUS[p.status]?.label ?? p.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="标签" span={2}>
              {p.tags.length ? p.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            家庭成员{household.data ? `(户号 ${household.data.householdNo})` : ''}
          </Typography.Title>
          {p.householdId ? (
            <Table<Person>
              rowKey="id"
              size="small"
              pagination={false}
              loading={household.loading}
              dataSource={household.data?.people ?? []}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '与户主关系', dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
                { title: '身份证号', dataIndex: 'idCardMasked', render: (v: string | null) => v ?? '—' },
                { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
              ]}
            />
          ) : (
            <Empty description="未登记所属户" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            迁入迁出记录
          </Typography.Title>
          {p.moves.length ? (
            <Timeline
              data-testid="move-history"
              items={p.moves.map((m) => ({
                key: m.id,
                color: m.kind === 'out' ? 'gray' : m.kind === 'in' ? 'green' : 'blue',
                content: (
                  <Space wrap>
                    <b>{dayjs(m.at).format('YYYY-MM-DD HH:mm')}</b>
                    <Tag>{MOVE_LABEL[m.kind] ?? m.kind}</Tag>
                    <span>
                      {m.fromArea ? <AreaName code={m.fromArea} /> : '外地'} → {m.toArea ? <AreaName code={m.toArea} /> : '迁出本辖区'}
                    </span>
                    {m.reason && <Typography.Text type="secondary">{m.reason}</Typography.Text>}
                  </Space>
                ),
              }))}
            />
          ) : (
            <Empty description="暂无迁入迁出记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          <RevealModal person={p} field={revealing} onClose={() => setRevealing(null)} onShown={(f, v) => setShown((s) => ({ ...s, [f]: v }))} />
          <PersonFormDrawer
            open={editing}
            person={p}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setShown({});
              person.reload();
              household.reload();
              onChanged?.();
            }}
          />
          <MoveModal
            person={moving ? p : null}
            onClose={() => setMoving(false)}
            onSaved={() => {
              setMoving(false);
              person.reload();
              onChanged?.();
            }}
          />
        </>
      )}
    </Drawer>
  );
}

function ImportModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    setFatal(null);
    try {
      const r = await uploadRaw<ImportResult>('/api/people/import', file, XLSX);
      setResult(r);
      if (r.imported > 0) onDone();
    } catch (e) {
      // the whole file was refused (not a workbook, wrong header, too many rows): nothing was imported
      if (e instanceof ApiError && e.status < 500) setFatal(e.message);
      else showApiError(e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="导入实有人口"
      open={open}
      onCancel={() => {
        setResult(null);
        setFatal(null);
        onClose();
      }}
      footer={null}
      width={760}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          请先下载模板，按列填写(网格编码、户号、姓名、性别、身份证号、手机号、与户主关系、户籍类型、标签、住址)后上传。有误的行会逐行列出原因，其余行一次导入。
        </Typography.Paragraph>
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => downloadFile('/api/people/import-template', {}, '实有人口导入模板.xlsx').catch((e) => showApiError(e, message))}
          >
            下载模板
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              upload(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy}>
              选择文件并上传
            </Button>
          </Upload>
        </Space>
        {fatal && <Alert type="error" showIcon data-testid="import-fatal" title="未导入任何数据" description={fatal} />}
        {result && (
          <>
            <Alert
              data-testid="import-summary"
              type={result.badRows ? 'warning' : 'success'}
              showIcon
              title={`共 ${result.totalRows} 行，成功导入 ${result.imported} 人(新建 ${result.newHouseholds} 户)，${result.badRows} 行有误未导入`}
            />
            {result.errors.length > 0 && (
              <Table
                rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
                size="small"
                data-testid="import-errors"
                dataSource={result.errors}
                pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 处错误` }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 80, render: (v: number) => `第 ${v} 行` },
                  { title: '列', dataIndex: 'column', width: 120 },
                  { title: '错误原因', dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}

function PeopleTab() {
  const { message } = App.useApp();
  const me = useMe();
  const [filters, setFilters] = useState<{ q?: string; idCard?: string; tag?: string; area?: string }>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Person>>('/api/people', { page, pageSize, ...filters }), [page, pageSize, JSON.stringify(filters)]);
  const set = (patch: Partial<typeof filters>) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...patch }));
  };
  const canWrite = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker');
  const canExport = hasRole(me, 'center_staff', 'village_cadre', 'leader');
  const exportNow = async () => {
    try {
      const res = await downloadFile('/api/people/export', { area: filters.area, q: filters.q, tag: filters.tag }, '实有人口.xlsx');
      const masked = res.headers.get('x-export-masked') === '1';
      message.success(`已导出 ${res.headers.get('x-export-count') ?? ''} 人${masked ? '(证件号、手机号已脱敏)' : ''}，已记入审计`);
    } catch (e) {
      showApiError(e, message);
    }
  };
  const columns: TableColumnsType<Person> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (v: string, p) => (
        <Button type="link" size="small" onClick={() => setOpen(p.id)}>
          {v}
        </Button>
      ),
    },
    { title: '性别', dataIndex: 'gender', width: 60, render: (v: string | null) => v ?? '—' },
    { title: '身份证号', dataIndex: 'idCardMasked', width: 190, render: (v: string | null) => v ?? '—' },
    { title: '手机号', dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '户号', dataIndex: 'householdNo', width: 110, render: (v: string | null) => v ?? '—' },
    { title: '关系', dataIndex: 'relation', width: 80, render: (v: string | null) => v ?? '—' },
    { title: '所属网格', dataIndex: 'areaName', render: (v: string | null, p) => v ?? p.areaCode },
    { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t} color="blue">{t}</Tag>) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: string) => <Tag color={PERSON_STATUS[s]?.color}>{PERSON_STATUS[s]?.label ?? s}</Tag>,
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="姓名" style={{ width: 160 }} onSearch={(v) => set({ q: v.trim() || undefined })} />
        <Input.Search
          allowClear
          placeholder="身份证号(完整18位精确查找)"
          style={{ width: 260 }}
          onSearch={(v) => set({ idCard: v.trim() || undefined })}
        />
        <Select allowClear placeholder="全部标签" style={{ width: 140 }} options={TAG_OPTIONS} onChange={(v) => set({ tag: v })} />
        <AreaFilter value={filters.area} onChange={(area) => set({ area })} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记人员
          </Button>
        )}
        {canWrite && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            Excel导入
          </Button>
        )}
        {canExport && (
          <Button icon={<DownloadOutlined />} onClick={exportNow}>
            导出
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" title={list.error} style={{ marginBottom: 16 }} />}
      <Table<Person>
        rowKey="id"
        size="middle"
        data-testid="people-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 人`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      <PersonDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <PersonFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          list.reload();
          setOpen(id);
        }}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} onDone={list.reload} />
    </>
  );
}

function HouseholdsTab() {
  const me = useMe();
  const canWrite = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker');
  const [q, setQ] = useState<string | undefined>();
  const [area, setArea] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<{ areaCode: string; householdId: number; relation?: string } | null>(null);
  const [person, setPerson] = useState<number | null>(null);
  const list = useLoad(() => api.get<Page<Household>>('/api/households', { page, pageSize: 20, q, area }), [page, q, area]);
  const detail = useLoad(() => (open ? api.get<HouseholdDetail>(`/api/households/${open}`) : Promise.resolve(undefined)), [open]);
  const h = detail.data;
  const hasHead = h?.people.some((p) => p.relation === '户主') ?? false;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="户号、户主或住址"
          style={{ width: 240 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim() || undefined);
          }}
        />
        <AreaFilter
          value={area}
          onChange={(v) => {
            setPage(1);
            setArea(v);
          }}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建户
          </Button>
        )}
      </Space>
      <Table<Household>
        rowKey="id"
        size="middle"
        data-testid="household-table"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        onRow={(x) => ({ onClick: () => setOpen(x.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '户号', dataIndex: 'householdNo', width: 120 },
          { title: '户主', dataIndex: 'headName', width: 100, render: (v: string | null) => v ?? '—' },
          { title: '住址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: '所属网格', dataIndex: 'areaName', render: (v: string | null, x) => v ?? x.areaCode },
          { title: '人数', dataIndex: 'members', width: 70 },
          { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 户`, onChange: setPage }}
      />
      <Drawer
        title={h ? `户号 ${h.householdNo}` : '户信息'}
        open={open !== null}
        onClose={() => setOpen(null)}
        size={640}
        extra={
          h &&
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="household-add-member"
              onClick={() => setAdding({ areaCode: h.areaCode, householdId: h.id, relation: hasHead ? undefined : '户主' })}
            >
              添加家庭成员
            </Button>
          )
        }
      >
        {h && (
          <>
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="户主">{h.headName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="住址">{h.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="所属网格">{h.areaName ?? h.areaCode}</Descriptions.Item>
              <Descriptions.Item label="户标签">{h.tags.length ? h.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}</Descriptions.Item>
            </Descriptions>
            <Table<Person>
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="household-members"
              dataSource={h.people}
              locale={{ emptyText: '尚无家庭成员，请添加' }}
              columns={[
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (v: string, p) => (
                    <Button type="link" size="small" onClick={() => setPerson(p.id)}>
                      {v}
                    </Button>
                  ),
                },
                { title: '与户主关系', dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
                { title: '身份证号', dataIndex: 'idCardMasked', render: (v: string | null) => v ?? '—' },
                { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
              ]}
            />
          </>
        )}
      </Drawer>
      <HouseholdFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(x) => {
          setCreating(false);
          list.reload();
          setOpen(x.id);
        }}
      />
      <PersonFormDrawer
        open={adding !== null}
        preset={adding ?? undefined}
        onClose={() => setAdding(null)}
        onSaved={() => {
          setAdding(null);
          detail.reload();
          list.reload();
        }}
      />
      <PersonDrawer
        id={person}
        onClose={() => setPerson(null)}
        onChanged={() => {
          detail.reload();
          list.reload();
        }}
      />
    </>
  );
}

function BuildingsTab() {
  const me = useMe();
  const canWrite = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker');
  const [area, setArea] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [addingTo, setAddingTo] = useState<Building | null>(null);
  const list = useLoad(() => api.get<Page<Building>>('/api/buildings', { page, pageSize: 20, area }), [page, area]);
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaFilter
          value={area}
          onChange={(v) => {
            setPage(1);
            setArea(v);
          }}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建楼栋/院落
          </Button>
        )}
      </Space>
      <Table<Building>
        rowKey="id"
        size="middle"
        data-testid="building-table"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        expandable={{
          rowExpandable: (b) => b.houses.length > 0,
          expandedRowRender: (b) => (
            <Space wrap>
              {b.houses.map((x) => (
                <Tag key={x.id} color={x.usage === '出租' ? 'orange' : x.usage === '空置' ? 'default' : 'blue'}>
                  {x.unit ? `${x.unit}-` : ''}
                  {x.room} {x.usage}
                </Tag>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', width: 80 },
          { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: '房屋数', key: 'houses', width: 80, render: (_: unknown, b) => b.houses.length },
          {
            title: '出租',
            key: 'rent',
            width: 70,
            render: (_: unknown, b) => b.houses.filter((x) => x.usage === '出租').length,
          },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'op',
                  width: 110,
                  render: (_: unknown, b: Building) => (
                    <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setAddingTo(b)}>
                      添加房屋
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 栋(院)`, onChange: setPage }}
      />
      <BuildingFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <HouseFormModal
        building={addingTo}
        onClose={() => setAddingTo(null)}
        onSaved={() => {
          setAddingTo(null);
          list.reload();
        }}
      />
    </>
  );
}

export function PeoplePage() {
  return (
    <Card title="实有人口">
      <Tabs
        items={[
          { key: 'people', label: '人员', children: <PeopleTab /> },
          { key: 'households', label: '户', children: <HouseholdsTab /> },
          { key: 'buildings', label: '楼栋房屋', children: <BuildingsTab /> },
        ]}
      />
    </Card>
  );
}
