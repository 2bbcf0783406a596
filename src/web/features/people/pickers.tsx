/**
 * Searchable pickers of the people pages: staff (五帮一 team, 平安夜访 cadres) from GET /api/staff, households,
 * residents, and one grid. Each searches the server as the user types (debounced, stale answers dropped) and
 * shows the chosen record by name — nobody types a database id.
 */
import { Select, Spin } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { StaffView } from '../../../contracts/people';
import { api, type Page } from '../../app/api';
import { AreaPicker } from '../../ui/area-picker';
import type { Household, Person } from './types';

type Option = { value: number | string; label: ReactNode; title?: string };

/** Debounced server search; `load('')` is the first page shown on opening. */
function useRemoteSearch<T>(load: (text: string) => Promise<T[]>, deps: unknown[]) {
  const key = JSON.stringify(deps);
  const [items, setItems] = useState<T[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = (text: string, delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      const mine = ++seq.current;
      setSearching(true);
      try {
        const r = await loadRef.current(text.trim());
        if (mine === seq.current) setItems(r);
      } catch {
        if (mine === seq.current) setItems([]);
      } finally {
        if (mine === seq.current) setSearching(false);
      }
    }, delay);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's filters (key) decide when to search again
  useEffect(() => {
    run('', 0);
    return () => window.clearTimeout(timer.current);
  }, [key]);
  return { items, searching, search: (text: string) => run(text, 250) };
}

function staffLabel(s: StaffView): string {
  const where = s.departmentName ?? s.areaName ?? '';
  return `${s.displayName}(${s.roleLabels.join('、')}${where ? ` · ${where}` : ''})`;
}

/** Remembers the labels of staff seen, so that chosen ids keep their names when the results change. */
const seenStaff = new Map<number, StaffView>();

async function staffByIds(ids: number[]): Promise<void> {
  const missing = ids.filter((id) => !seenStaff.has(id));
  if (!missing.length) return;
  const r = await api.get<Page<StaffView>>('/api/staff', { ids: missing.join(','), pageSize: missing.length });
  for (const s of r.items) seenStaff.set(s.id, s);
}

type StaffFilter = { area?: string; role?: string };

/** Many staff (平安夜访 participants). */
export function StaffMultiPicker({
  value = [],
  onChange,
  area,
  role,
  id,
  placeholder,
}: StaffFilter & { value?: number[]; onChange?: (ids: number[]) => void; id?: string; placeholder?: string }) {
  const [, setTick] = useState(0);
  const { items, searching, search } = useRemoteSearch(
    async (q) => (await api.get<Page<StaffView>>('/api/staff', { q, area, role, pageSize: 30 })).items,
    [area, role],
  );
  useEffect(() => {
    staffByIds(value)
      .then(() => setTick((t) => t + 1))
      .catch(() => {});
  }, [value]);
  for (const s of items) seenStaff.set(s.id, s);
  const options = useMemo(() => {
    const out: Option[] = [];
    const seen = new Set<number>();
    for (const id of value) {
      const s = seenStaff.get(id);
      seen.add(id);
      out.push({ value: id, label: s ? staffLabel(s) : `用户${id}` });
    }
    for (const s of items) if (!seen.has(s.id)) out.push({ value: s.id, label: staffLabel(s) });
    return out;
  }, [items, value]);
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(v: number[]) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: search }}
      options={options}
      placeholder={placeholder ?? '输入姓名查找'}
      notFoundContent={searching ? <Spin size="small" /> : '没有找到，请换个姓名试试'}
      style={{ width: '100%' }}
      data-testid="staff-multi-picker"
    />
  );
}

/** One helper: a system user picked by name, or (for those without an account, e.g. a 精防医生) a typed name. */
export type StaffChoice = { userId: number | null; name: string };

const TYPED = 'typed:';

export function StaffPicker({
  value,
  onChange,
  area,
  role,
  id,
  placeholder,
  allowTyped = true,
}: StaffFilter & { value?: StaffChoice | null; onChange?: (v: StaffChoice | null) => void; id?: string; placeholder?: string; allowTyped?: boolean }) {
  const [text, setText] = useState('');
  const { items, searching, search } = useRemoteSearch(
    async (q) => (await api.get<Page<StaffView>>('/api/staff', { q, area, role, pageSize: 20 })).items,
    [area, role],
  );
  for (const s of items) seenStaff.set(s.id, s);
  const current = value?.userId ? `${value.userId}` : value?.name ? `${TYPED}${value.name}` : undefined;
  const options = useMemo(() => {
    const out: Option[] = [];
    const seen = new Set<string>();
    if (value?.userId) {
      const s = seenStaff.get(value.userId);
      out.push({ value: `${value.userId}`, label: s ? staffLabel(s) : value.name });
      seen.add(`${value.userId}`);
    } else if (value?.name) {
      out.push({ value: `${TYPED}${value.name}`, label: `${value.name}(非系统用户)` });
      seen.add(`${TYPED}${value.name}`);
    }
    for (const s of items) if (!seen.has(`${s.id}`)) out.push({ value: `${s.id}`, label: staffLabel(s) });
    const typed = text.trim();
    if (allowTyped && typed && !items.some((s) => s.displayName === typed) && !seen.has(`${TYPED}${typed}`)) {
      out.push({ value: `${TYPED}${typed}`, label: `使用“${typed}”(非系统用户，手动填写)` });
    }
    return out;
  }, [items, value, text, allowTyped]);
  return (
    <Select
      id={id}
      allowClear
      value={current}
      onChange={(v: string | undefined) => {
        setText('');
        if (!v) return onChange?.(null);
        if (v.startsWith(TYPED)) return onChange?.({ userId: null, name: v.slice(TYPED.length) });
        const s = seenStaff.get(Number(v));
        onChange?.({ userId: Number(v), name: s?.displayName ?? '' });
      }}
      showSearch={{
        filterOption: false,
        onSearch: (t) => {
          setText(t);
          search(t);
        },
      }}
      options={options}
      placeholder={placeholder ?? '输入姓名查找'}
      notFoundContent={searching ? <Spin size="small" /> : '没有找到'}
      style={{ width: '100%' }}
    />
  );
}

/**
 * The Select behind the household and person pickers: the search's answers plus the record already picked
 * (so its label stays when a new search no longer lists it); choosing reports both the id and the record.
 */
function RecordSelect<T extends { id: number }>({
  id,
  value,
  onChange,
  onPicked,
  picked,
  setPicked,
  search: { items, searching, search },
  label,
  placeholder,
  testId,
}: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  onPicked?: (r: T | null) => void;
  picked: T | null;
  setPicked: (r: T | null) => void;
  search: { items: T[]; searching: boolean; search: (text: string) => void };
  label: (r: T) => string;
  placeholder: string;
  testId: string;
}) {
  const options = useMemo(() => {
    const list = picked && !items.some((r) => r.id === picked.id) ? [picked, ...items] : items;
    return list.map((r) => ({ value: r.id, label: label(r) }));
  }, [items, picked, label]);
  return (
    <Select
      id={id}
      allowClear
      value={value ?? undefined}
      onChange={(v: number | undefined) => {
        const r = items.find((x) => x.id === v) ?? (picked?.id === v ? picked : null);
        setPicked(r ?? null);
        onChange?.(v ?? null);
        onPicked?.(r ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: search }}
      options={options}
      placeholder={placeholder}
      notFoundContent={searching ? <Spin size="small" /> : '没有找到'}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

function householdLabel(h: Household): string {
  return `${h.householdNo} · ${h.headName ?? '户主未登记'}${h.address ? ` · ${h.address}` : ''}(${h.areaName ?? h.areaCode})`;
}

/** One household, searched by 户号, head of household or address. */
export function HouseholdPicker({
  value,
  onChange,
  area,
  id,
  onPicked,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  area?: string;
  id?: string;
  onPicked?: (h: Household | null) => void;
}) {
  const [picked, setPicked] = useState<Household | null>(null);
  const found = useRemoteSearch(
    async (q) => (await api.get<Page<Household>>('/api/households', { q, area, pageSize: 20 })).items,
    [area],
  );
  // a household chosen elsewhere (the form's preset) is fetched once for its label
  useEffect(() => {
    if (!value || picked?.id === value) return;
    api
      .get<Household>(`/api/households/${value}`)
      .then(setPicked)
      .catch(() => {});
  }, [value, picked?.id]);
  return (
    <RecordSelect
      id={id}
      value={value}
      onChange={onChange}
      onPicked={onPicked}
      picked={picked}
      setPicked={setPicked}
      search={found}
      label={householdLabel}
      placeholder="输入户号、户主姓名或住址查找"
      testId="household-picker"
    />
  );
}

/** One resident, searched by name (身份证号 shown masked beside it to tell namesakes apart). */
export function PersonPicker({
  value,
  onChange,
  id,
  onPicked,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  onPicked?: (p: Person | null) => void;
}) {
  const [picked, setPicked] = useState<Person | null>(null);
  const found = useRemoteSearch(
    async (q) => (await api.get<Page<Person>>('/api/people', { q, pageSize: 20 })).items,
    [],
  );
  return (
    <RecordSelect
      id={id}
      value={value}
      onChange={onChange}
      onPicked={onPicked}
      picked={picked}
      setPicked={setPicked}
      search={found}
      label={(p) => `${p.name} ${p.idCardMasked ?? ''}(${p.areaName ?? p.areaCode}${p.householdNo ? ` · 户号${p.householdNo}` : ''})`}
      placeholder="输入姓名查找实有人口"
      testId="person-picker"
    />
  );
}

/** One area (a grid for people and households; any level for a 平安夜访), as a single code. */
export function SingleAreaPicker({
  value,
  onChange,
  id,
  placeholder,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  placeholder?: string;
}) {
  return (
    <AreaPicker
      id={id}
      value={value ? [value] : []}
      placeholder={placeholder ?? '输入网格名称或编码查找'}
      onChange={(codes) => onChange?.(codes.length ? codes[codes.length - 1] : undefined)}
    />
  );
}
