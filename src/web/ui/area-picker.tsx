import { Select, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LEVEL_LABEL, type AreaLevel } from '../../domain/area-code';
import { api, type Page } from '../app/api';
import type { AreaSummary } from '../app/types';
import { ALL_AREAS_LABEL, rememberAreaName, useAreaNames } from './area-names';

/** antd's Select treats '' as empty; the administrators' scope travels as this token inside the picker. */
const ALL = '*';

type Props = {
  value?: string[];
  onChange?: (codes: string[]) => void;
  /** offer 全部区域 (administrators) */
  allowAll?: boolean;
  placeholder?: string;
  id?: string;
};

function describe(a: AreaSummary): string {
  const level = a.levelLabel ?? LEVEL_LABEL[a.level as AreaLevel] ?? a.level;
  // path holds the ancestors: show the last two above the area so that 第1网格 is told apart
  const path = [...(a.path ?? []).slice(-2).map((p) => p.name), a.name].join(' / ');
  return `${path}(${level} ${a.code})`;
}

/** Scope picker: type a name or a code, pick areas from the search results. */
export function AreaPicker({ value = [], onChange, allowAll, placeholder, id }: Props) {
  const names = useAreaNames(value);
  const [results, setResults] = useState<AreaSummary[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    const text = q.trim();
    if (!text) {
      setResults([]);
      return;
    }
    timer.current = window.setTimeout(async () => {
      const mine = ++seq.current;
      setSearching(true);
      try {
        const r = await api.get<Page<AreaSummary>>('/api/areas/search', { q: text });
        for (const a of r.items) rememberAreaName(a.code, a.name);
        if (mine === seq.current) setResults(r.items);
      } catch {
        if (mine === seq.current) setResults([]);
      } finally {
        if (mine === seq.current) setSearching(false);
      }
    }, 250);
  };

  const options = useMemo(() => {
    const seen = new Set<string>();
    const out: { value: string; label: string }[] = [];
    if (allowAll) {
      out.push({ value: ALL, label: `${ALL_AREAS_LABEL}(系统管理员)` });
      seen.add(ALL);
    }
    for (const code of value) {
      const v = code === '' ? ALL : code;
      if (seen.has(v)) continue;
      seen.add(v);
      out.push({ value: v, label: code === '' ? ALL_AREAS_LABEL : `${names[code] ?? code}(${code})` });
    }
    for (const a of results) {
      if (seen.has(a.code)) continue;
      seen.add(a.code);
      out.push({ value: a.code, label: describe(a) });
    }
    return out;
  }, [allowAll, value, names, results]);

  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: search }}
      value={value.map((c) => (c === '' ? ALL : c))}
      onChange={(vals: string[]) => onChange?.(vals.map((v) => (v === ALL ? '' : v)))}
      options={options}
      placeholder={placeholder ?? '输入区划名称或编码搜索'}
      notFoundContent={searching ? <Spin size="small" /> : '输入名称或编码查找区域'}
      style={{ width: '100%' }}
    />
  );
}
