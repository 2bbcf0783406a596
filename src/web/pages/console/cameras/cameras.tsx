/**
 * 视频点位 (雪亮工程): the camera register of the user's area — list with filters and the video link, per grid by
 * class, the map layer; centre staff register, edit and import cameras; the administrator sets the link template.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { CAMERA_CATEGORIES, CAMERA_CATEGORY_LABEL, CAMERA_STATUS_LABEL, CAMERA_STATUSES, type CameraView } from '../../../../contracts/cameras';
import { api, CSRF_HEADER, errorMessage, type Page } from '../../../app/api';
import { hasPermission, hasRole, useMe } from '../../../app/auth';
import { AreaName } from '../../../ui/area-names';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { CATEGORY_COLOR, CameraMap } from './camera-map';

type ByGrid = { gridCode: string | null; gridName: string; class1: number; class2: number; class3: number; total: number };
type ImportResult = { imported: { row: number; id: number; code: string }[]; errors: { row: number; reason: string }[] };
type Filters = { area?: string; grid?: string; category?: string; status?: string; q?: string; page: number };

const STATUS_COLOR: Record<string, string> = { online: 'green', offline: 'default', fault: 'orange', retired: 'default' };
const TEMPLATE = '\uFEFF设备编码,点位名称,类别,经度,纬度,所属区划,地址,状态\r\n';

async function remove(path: string): Promise<void> {
  const res = await fetch(path, { method: 'DELETE', credentials: 'same-origin', headers: { ...CSRF_HEADER, accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `删除失败(${res.status})`);
  }
}

function CameraForm({ open, camera, onClose, onSaved }: { open: boolean; camera: CameraView | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const body = { ...v, lng: v.lng ?? null, lat: v.lat ?? null, areaCode: v.areaCode || undefined };
      if (camera) await api.patch(`/api/cameras/${camera.id}`, { ...body, version: camera.version });
      else await api.post('/api/cameras', body);
      message.success(camera ? '点位已修改' : '点位已登记');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={camera ? `修改点位 ${camera.code}` : '登记视频点位'}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      okText="保存"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        preserve={false}
        initialValues={camera ? { ...camera, address: camera.address ?? '', note: camera.note ?? '', areaCode: camera.gridCode ? undefined : camera.areaCode } : { category: 'class3', status: 'online' }}
      >
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="code" label="设备编码" rules={[{ required: true, message: '请填写设备编码' }]}>
            <Input placeholder="国标编码或平台编码" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="category" label="类别">
            <Select style={{ width: 100 }} options={CAMERA_CATEGORIES.map((c) => ({ value: c, label: CAMERA_CATEGORY_LABEL[c] }))} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select style={{ width: 100 }} options={CAMERA_STATUSES.map((s) => ({ value: s, label: CAMERA_STATUS_LABEL[s] }))} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="点位名称" rules={[{ required: true, message: '请填写点位名称' }]}>
          <Input />
        </Form.Item>
        <Space align="start">
          <Form.Item name="lng" label="经度">
            <InputNumber step={0.000001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="lat" label="纬度">
            <InputNumber step={0.000001} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="areaCode" label="所属区划编码" extra="有经纬度时按网格边界自动落入网格；位置不在任何网格内时按此编码归属">
          <Input placeholder="如 620523101001" />
        </Form.Item>
        <Form.Item name="address" label="安装地址">
          <Input />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportButton({ onDone }: { onDone: () => void }) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
      const res = await fetch('/api/cameras/import', { method: 'POST', body: file, credentials: 'same-origin', headers: { ...CSRF_HEADER, 'content-type': type, accept: 'application/json' } });
      const body = (await res.json().catch(() => ({}))) as ImportResult & { error?: { message?: string } };
      if (!res.ok) throw new Error(body.error?.message ?? '导入失败');
      modal.info({
        title: `导入完成：成功 ${body.imported.length} 条，失败 ${body.errors.length} 条`,
        content: body.errors.length ? (
          <ul style={{ paddingInlineStart: 18 }}>
            {body.errors.slice(0, 20).map((e) => (
              <li key={e.row}>
                第{e.row}行：{e.reason}
              </li>
            ))}
          </ul>
        ) : null,
      });
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
    return false;
  };
  const template = () => {
    const url = URL.createObjectURL(new Blob([TEMPLATE], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = '视频点位导入模板.csv';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Space>
      <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload}>
        <Button icon={<UploadOutlined />} loading={busy}>
          导入点位
        </Button>
      </Upload>
      <Button type="link" onClick={template}>
        下载模板
      </Button>
    </Space>
  );
}

function LinkTemplate() {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { data, reload } = useLoad(() => api.get<{ linkTemplate: string | null }>('/api/cameras/settings'), []);
  const save = async (v: { linkTemplate?: string }) => {
    try {
      await api.put('/api/cameras/settings', { linkTemplate: v.linkTemplate?.trim() || null });
      message.success('视频平台链接已保存');
      setOpen(false);
      reload();
    } catch (e) {
      showApiError(e, message, form);
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>视频平台链接</Button>
      <Modal open={open} title="视频平台链接模板" onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden okText="保存" width={640}>
        <Form form={form} layout="vertical" onFinish={save} preserve={false} initialValues={{ linkTemplate: data?.linkTemplate ?? '' }}>
          <Form.Item name="linkTemplate" label="链接模板" extra="占位符：{code} 设备编码、{time} 时间(yyyyMMddHHmmss 北京时间)、{ts} Unix秒、{iso} ISO时间。留空则不显示视频链接。">
            <Input placeholder="https://video.example/play?id={code}&t={time}" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function GridTable({ area, onPick }: { area?: string; onPick: (grid: string) => void }) {
  const { data, loading } = useLoad(() => api.get<{ items: ByGrid[] }>('/api/cameras/by-grid', { area }), [area]);
  const rows = data?.items ?? [];
  return (
    <Table<ByGrid>
      rowKey={(r) => r.gridCode ?? 'none'}
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      data-testid="cameras-by-grid"
      summary={() =>
        rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            {(['class1', 'class2', 'class3', 'total'] as const).map((k, i) => (
              <Table.Summary.Cell key={k} index={i + 1}>
                {rows.reduce((s, r) => s + r[k], 0)}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        ) : null
      }
      columns={[
        { title: '网格', dataIndex: 'gridName', render: (n: string, r) => (r.gridCode ? <a onClick={() => onPick(r.gridCode!)}>{n}</a> : n) },
        { title: '一类', dataIndex: 'class1', width: 80 },
        { title: '二类', dataIndex: 'class2', width: 80 },
        { title: '三类', dataIndex: 'class3', width: 80 },
        { title: '合计', dataIndex: 'total', width: 80 },
      ]}
    />
  );
}

export function CamerasPage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const canManage = hasPermission(me, 'area:manage');
  const [f, setF] = useState<Filters>({ page: 1 });
  const [tab, setTab] = useState('list');
  const [editing, setEditing] = useState<CameraView | null | undefined>(undefined);
  const { data, loading, reload } = useLoad(() => api.get<Page<CameraView>>('/api/cameras', { ...f, pageSize: 20 }), [f]);
  const mapArea = f.area ?? (me.scopes.length === 1 && me.scopes[0].code ? me.scopes[0].code : undefined);
  const del = (c: CameraView) =>
    modal.confirm({
      title: `删除点位 ${c.name}？`,
      content: '已被事件引用的点位不能删除，可改为停用。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await remove(`/api/cameras/${c.id}`);
          message.success('已删除');
          reload();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  return (
    <Card
      title="视频点位(雪亮工程)"
      extra={
        <Space>
          {canManage && (
            <Button type="primary" onClick={() => setEditing(null)}>
              登记点位
            </Button>
          )}
          {canManage && <ImportButton onDone={reload} />}
          {hasRole(me, 'admin') && <LinkTemplate />}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="名称、编码或地址" style={{ width: 220 }} onSearch={(q) => setF({ ...f, q: q || undefined, page: 1 })} />
        <Input allowClear placeholder="区划/网格编码" style={{ width: 180 }} value={f.area} onChange={(e) => setF({ ...f, area: /^\d{2,18}$/.test(e.target.value) ? e.target.value : undefined, page: 1 })} />
        <Select allowClear placeholder="类别" style={{ width: 110 }} value={f.category} onChange={(category) => setF({ ...f, category, page: 1 })} options={CAMERA_CATEGORIES.map((c) => ({ value: c, label: CAMERA_CATEGORY_LABEL[c] }))} />
        <Select allowClear placeholder="状态" style={{ width: 110 }} value={f.status} onChange={(status) => setF({ ...f, status, page: 1 })} options={CAMERA_STATUSES.map((s) => ({ value: s, label: CAMERA_STATUS_LABEL[s] }))} />
        {f.grid && (
          <Tag closable onClose={() => setF({ ...f, grid: undefined, page: 1 })}>
            网格：<AreaName code={f.grid} />
          </Tag>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'list',
            label: `点位列表${data ? `(${data.total})` : ''}`,
            children: (
              <Table<CameraView>
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={data?.items ?? []}
                data-testid="cameras"
                pagination={{ current: f.page, total: data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: (page) => setF({ ...f, page }) }}
                columns={[
                  { title: '设备编码', dataIndex: 'code', width: 200, render: (c: string) => <Typography.Text style={{ fontSize: 12 }}>{c}</Typography.Text> },
                  { title: '点位名称', dataIndex: 'name' },
                  { title: '类别', dataIndex: 'categoryLabel', width: 70, render: (l: string, c) => <Tag color={CATEGORY_COLOR[c.category]}>{l}</Tag> },
                  { title: '所在网格', width: 200, render: (_: unknown, c) => (c.gridName ? c.gridName : <AreaName code={c.areaCode} />) },
                  { title: '状态', dataIndex: 'statusLabel', width: 70, render: (l: string, c) => <Tag color={STATUS_COLOR[c.status]}>{l}</Tag> },
                  {
                    title: '操作',
                    width: 190,
                    render: (_: unknown, c) => (
                      <Space size="small">
                        {c.videoUrl && (
                          <a href={c.videoUrl} target="_blank" rel="noopener noreferrer">
                            查看视频
                          </a>
                        )}
                        {canManage && <a onClick={() => setEditing(c)}>修改</a>}
                        {canManage && <a onClick={() => del(c)}>删除</a>}
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'grids',
            label: '按网格统计',
            children: (
              <GridTable
                area={f.area}
                onPick={(grid) => {
                  setF({ ...f, grid, page: 1 });
                  setTab('list');
                }}
              />
            ),
          },
          {
            key: 'map',
            label: '地图',
            children: mapArea ? <CameraMap areaCode={mapArea} /> : <Alert type="info" showIcon title="请先在上方填写要查看的区划编码" />,
          },
        ]}
      />
      {editing !== undefined && (
        <CameraForm
          open
          camera={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </Card>
  );
}
