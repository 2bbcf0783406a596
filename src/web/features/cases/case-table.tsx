import { ReloadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { api, type Page } from '../../app/api';
import { useMe } from '../../app/auth';
import type { AreaSummary } from '../../app/types';
import { useAreaNames } from '../../ui/area-names';
import { useLoad } from '../../ui/use-load';
import { CaseStatusTag, DeadlineLight, GradeTag } from './case-tags';
import type { CaseCategory, CaseListItem } from './case-types';

export type CaseFilter = { area?: string; category?: string; level?: string; deadline?: string; q?: string };

const GRADE_OPTIONS = [
  { value: 'routine', label: '常规哨' },
  { value: 'key', label: '重点哨' },
  { value: 'hard', label: '疑难哨' },
];
const LIGHT_OPTIONS = [
  { value: 'red', label: '红灯(超期)' },
  { value: 'yellow', label: '黄灯(临期)' },
];

export function useCaseCategories(kind = 'event'): CaseCategory[] {
  const { data } = useLoad(() => api.get<Page<CaseCategory>>('/api/case-categories', { kind }), [kind]);
  return data?.items ?? [];
}

/** The areas one level below the user's scopes (villages of a town, grids of a village), for the area filter. */
function useAreaOptions(): { value: string; label: string }[] {
  const me = useMe();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const key = JSON.stringify(me.scopes.map((s) => ({ code: s.code, name: s.name })));
  useEffect(() => {
    let alive = true;
    const scopes = JSON.parse(key) as { code: string; name: string }[];
    (async () => {
      const out = scopes.filter((s) => s.code !== '').map((s) => ({ value: s.code, label: s.name }));
      for (const s of scopes.slice(0, 3)) {
        if (!s.code) continue;
        const r = await api.get<Page<AreaSummary>>(`/api/areas/${s.code}/children`).catch(() => null);
        for (const a of r?.items ?? []) out.push({ value: a.code, label: `　${a.name}` });
      }
      if (alive) setOptions(out);
    })();
    return () => {
      alive = false;
    };
  }, [key]);
  return options;
}

/** 筛选: area, category, 哨级, deadline light and a title/number search. */
export function CaseFilterBar({ value, onChange, extra }: { value: CaseFilter; onChange: (f: CaseFilter) => void; extra?: ReactNode }) {
  const areas = useAreaOptions();
  const categories = useCaseCategories();
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="case-filters">
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="全部区域"
        style={{ width: 200 }}
        options={areas}
        value={value.area}
        onChange={(area) => onChange({ ...value, area })}
      />
      <Select
        allowClear
        placeholder="全部分类"
        style={{ width: 150 }}
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
        value={value.category}
        onChange={(category) => onChange({ ...value, category })}
      />
      <Select allowClear placeholder="全部哨级" style={{ width: 120 }} options={GRADE_OPTIONS} value={value.level} onChange={(level) => onChange({ ...value, level })} />
      <Select allowClear placeholder="时限灯" style={{ width: 130 }} options={LIGHT_OPTIONS} value={value.deadline} onChange={(deadline) => onChange({ ...value, deadline })} />
      <Input.Search allowClear placeholder="标题或事件编号" style={{ width: 220 }} onSearch={(q) => onChange({ ...value, q: q.trim() || undefined })} />
      {extra}
    </Space>
  );
}

/** A page of cases for a desk (or any query) with the standard columns; a row opens the case. */
export function CaseTable({
  query,
  onOpen,
  refreshKey = 0,
  extraColumns = [],
  testId = 'case-table',
  onLoaded,
}: {
  query: Record<string, string | number | undefined>;
  onOpen: (c: CaseListItem) => void;
  refreshKey?: number;
  extraColumns?: TableColumnsType<CaseListItem>;
  testId?: string;
  onLoaded?: (total: number) => void;
}) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at page 1
  useEffect(() => setPage(1), [key]);
  const { data, loading, reload } = useLoad(() => api.get<Page<CaseListItem> & { totalCapped?: boolean }>('/api/cases', { ...query, page, pageSize }), [key, page, pageSize, refreshKey]);
  const names = useAreaNames((data?.items ?? []).map((c) => c.areaCode));
  const categories = useCaseCategories();
  const catName = (code: string | null) => categories.find((c) => c.code === code)?.name ?? code ?? '—';
  useEffect(() => {
    if (data) onLoaded?.(data.total);
  }, [data, onLoaded]);

  const columns: TableColumnsType<CaseListItem> = [
    {
      title: '事件编号',
      dataIndex: 'number',
      width: 210,
      render: (v: string, c) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(c)}>
          {v}
        </Button>
      ),
    },
    {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      width: 240,
      render: (v: string, c) => (
        <span>
          {c.urgent && <Tag color="red">急</Tag>}
          {c.ownerLeaderId && <Tag color="purple">包案</Tag>}
          {v}
        </span>
      ),
    },
    { title: '所属区域', dataIndex: 'areaCode', width: 150, ellipsis: true, render: (v: string) => names[v] ?? v },
    { title: '分类', dataIndex: 'categoryCode', width: 110, render: catName },
    { title: '哨级', dataIndex: 'grade', width: 90, render: (g: string, c) => <GradeTag grade={g} label={c.gradeLabel} /> },
    { title: '状态', dataIndex: 'status', width: 130, render: (s: string, c) => <CaseStatusTag status={s} label={c.statusLabel} /> },
    { title: '时限', dataIndex: 'deadlineState', width: 110, render: (s: CaseListItem['deadlineState'], c) => <DeadlineLight state={s} dueAt={c.dueAt} /> },
    { title: '上报时间', dataIndex: 'createdAt', width: 130, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
    ...extraColumns,
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: -8, marginBottom: 4 }}>
        <Button size="small" type="text" icon={<ReloadOutlined />} onClick={reload}>
          刷新
        </Button>
      </div>
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        data-testid={testId}
        scroll={{ x: 1200 }}
        onRow={(c) => ({ onDoubleClick: () => onOpen(c) })}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => (data?.totalCapped ? `超过 ${t} 件，请加筛选条件` : `共 ${t} 件`),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
    </>
  );
}

export function useDeskCounts(refreshKey = 0): Record<string, number> {
  const { data } = useLoad(() => api.get<Record<string, number>>('/api/cases/counts'), [refreshKey]);
  return data ?? {};
}
