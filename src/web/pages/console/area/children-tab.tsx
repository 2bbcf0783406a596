import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { LEVEL_LABEL, type AreaLevel } from '../../../../domain/area-code';
import { api, type Page } from '../../../app/api';
import type { AreaDetail, AreaSummary } from '../../../app/types';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { GRID_TYPES } from '../../../../contracts/areas';

type GridValues = { name: string; gridType: string; households: number; population: number; boundary?: string };

/** The level a new child of `level` gets: villages hold grids, grids hold micro-grids. */
export function childLevelOf(level: string): 'grid' | 'microgrid' | null {
  if (level === 'village') return 'grid';
  if (level === 'grid') return 'microgrid';
  return null;
}

function boundaryProblem(text: string | undefined): string | null {
  const t = text?.trim();
  if (!t) return null;
  let g: unknown;
  try {
    g = JSON.parse(t);
  } catch {
    return '边界不是有效的JSON';
  }
  const geom = (g as { type?: string; geometry?: { type?: string } }) ?? {};
  const type = geom.type === 'Feature' ? geom.geometry?.type : geom.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return '边界须为 GeoJSON 的 Polygon 或 MultiPolygon';
  return null;
}

function parseBoundary(text: string | undefined): unknown {
  const t = text?.trim();
  if (!t) return undefined;
  const g = JSON.parse(t) as { type?: string; geometry?: unknown };
  return g.type === 'Feature' ? g.geometry : g;
}

function GridModal({
  open,
  parent,
  editing,
  onClose,
  onSaved,
}: {
  open: boolean;
  parent: AreaDetail;
  editing: AreaDetail | null;
  onClose: () => void;
  onSaved: (code: string | null) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<GridValues>();
  const [busy, setBusy] = useState(false);
  const level = editing ? editing.level : childLevelOf(parent.level);
  const label = LEVEL_LABEL[(level ?? 'grid') as AreaLevel];
  const isGrid = level === 'grid' || level === 'microgrid';

  const submit = async (v: GridValues) => {
    setBusy(true);
    try {
      const boundary = parseBoundary(v.boundary);
      if (editing) {
        await api.patch(`/api/areas/${editing.code}`, {
          version: editing.version,
          name: v.name.trim(),
          ...(isGrid ? { gridType: v.gridType } : {}),
          households: v.households,
          population: v.population,
          ...(boundary ? { boundary } : {}),
        });
        message.success(`已保存“${v.name.trim()}”`);
        onSaved(null);
      } else {
        const r = await api.post<AreaDetail>('/api/areas', {
          parentCode: parent.code,
          name: v.name.trim(),
          gridType: v.gridType,
          households: v.households,
          population: v.population,
          ...(boundary ? { boundary } : {}),
        });
        message.success(`已新建${label}“${r.name}”，编码 ${r.code}`);
        onSaved(r.code);
      }
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={editing ? `编辑${label}：${editing.name}` : `在“${parent.name}”下新建${label}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form<GridValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          editing
            ? {
                name: editing.name,
                gridType: editing.gridType ?? GRID_TYPES[0],
                households: editing.households,
                population: editing.population,
              }
            : { gridType: GRID_TYPES[0], households: 0, population: 0 }
        }
      >
        <Form.Item
          label="名称"
          name="name"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: `请输入${label}名称` },
            { max: 50, message: '名称不能超过50个字' },
          ]}
        >
          <Input placeholder={`如 ${parent.name}第1网格、木匠沟网格`} />
        </Form.Item>
        {isGrid && (
          <Form.Item label="网格类型" name="gridType" rules={[{ required: true, message: '请选择网格类型' }]}>
            <Select options={GRID_TYPES.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
        )}
        <Space size={16} style={{ display: 'flex' }}>
          <Form.Item label="户数" name="households" rules={[{ required: true, type: 'integer', min: 0, message: '户数须为不小于0的整数' }]}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} suffix="户" />
          </Form.Item>
          <Form.Item
            label="人口"
            name="population"
            dependencies={['households']}
            rules={[
              { required: true, type: 'integer', min: 0, message: '人口须为不小于0的整数' },
              ({ getFieldValue }) => ({
                validator: (_r, v: number | null) =>
                  v !== null && v !== undefined && v < (getFieldValue('households') ?? 0)
                    ? Promise.reject(new Error('人口数不应少于户数'))
                    : Promise.resolve(),
              }),
            ]}
          >
            <InputNumber min={0} precision={0} style={{ width: 160 }} suffix="人" />
          </Form.Item>
        </Space>
        <Form.Item
          label="边界(可选)"
          name="boundary"
          extra={`GeoJSON 的 Polygon 或 MultiPolygon，坐标为经纬度(WGS84/CGCS2000)；${editing ? '不填则保留原边界' : '可以以后再补'}`}
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            {
              validator: (_r, v: string | undefined) => {
                const p = boundaryProblem(v);
                return p ? Promise.reject(new Error(p)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea rows={3} placeholder='{"type":"Polygon","coordinates":[[[105.3,34.7],…]]}' />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Props = { area: AreaDetail; canManage: boolean; onSelect: (code: string) => void; onChanged: () => void };

/** 下级区划/网格 of the selected area, with create/edit/retire for users who manage areas. */
export function ChildrenTab({ area, canManage, onSelect, onChanged }: Props) {
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const { data, loading } = useLoad(() => api.get<Page<AreaSummary>>(`/api/areas/${area.code}/children`), [area.code, tick]);
  const [modal, setModal] = useState<{ open: boolean; editing: AreaDetail | null }>({ open: false, editing: null });
  const childLevel = childLevelOf(area.level);
  const childLabel = childLevel ? LEVEL_LABEL[childLevel] : '下级';

  const refresh = () => {
    setTick((t) => t + 1);
    onChanged();
  };

  const edit = async (code: string) => {
    try {
      // the edit starts from the current version: a stale list row never overwrites someone's change
      const fresh = await api.get<AreaDetail>(`/api/areas/${code}`);
      setModal({ open: true, editing: fresh });
    } catch (e) {
      showApiError(e, message);
    }
  };

  const retire = async (a: AreaSummary) => {
    try {
      const fresh = await api.get<AreaDetail>(`/api/areas/${a.code}`);
      await api.post(`/api/areas/${a.code}/retire`, { version: fresh.version });
      message.success(`已撤销“${a.name}”`);
      refresh();
    } catch (e) {
      showApiError(e, message);
    }
  };

  const manageable = (a: AreaSummary) => canManage && (a.level === 'grid' || a.level === 'microgrid');

  const columns: TableColumnsType<AreaSummary> = [
    { title: '编码', dataIndex: 'code', width: 170 },
    {
      title: '名称',
      dataIndex: 'name',
      render: (v: string, a) => (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onSelect(a.code)}>
          {v}
        </Button>
      ),
    },
    {
      title: '级别/类型',
      key: 'type',
      width: 130,
      render: (_: unknown, a) => a.gridType ?? a.levelLabel ?? LEVEL_LABEL[a.level as AreaLevel] ?? a.level,
    },
    { title: '户数', dataIndex: 'households', width: 90, align: 'right', render: (v?: number) => v ?? '—' },
    { title: '人口', dataIndex: 'population', width: 90, align: 'right', render: (v?: number) => v ?? '—' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (v?: string) => (v === 'retired' ? <Tag>已撤销</Tag> : <Tag color="green">在用</Tag>),
    },
    ...(canManage && childLevel
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 130,
            // 行政区划 follow the national statistical codes; only grids and micro-grids are edited here
            render: (_: unknown, a: AreaSummary) =>
              a.status === 'retired' || !manageable(a) ? null : (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => edit(a.code)}>
                    编辑
                  </Button>
                  <Popconfirm
                    title={`撤销“${a.name}”？`}
                    description="撤销后不再用于分派和统计，在任人员随之卸任，历史记录保留"
                    onConfirm={() => retire(a)}
                    okButtonProps={{ danger: true }}
                    okText="撤销"
                  >
                    <Button type="link" size="small" danger>
                      撤销
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      {canManage && childLevel && area.status !== 'retired' && (
        <div style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: null })}>
            新建{childLabel}
          </Button>
        </div>
      )}
      <Table<AreaSummary>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        data-testid="children-table"
        pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个`, hideOnSinglePage: true }}
        locale={{ emptyText: childLevel ? `暂无${childLabel}` : '无下级区域' }}
      />
      <GridModal
        open={modal.open}
        parent={area}
        editing={modal.editing}
        onClose={() => setModal({ open: false, editing: null })}
        onSaved={() => {
          setModal({ open: false, editing: null });
          refresh();
        }}
      />
    </>
  );
}
