import { useEffect, useState } from 'react';
import { api } from '../app/api';
import type { AreaSummary } from '../app/types';

/** '' is the administrators' scope: every area. */
export const ALL_AREAS_LABEL = '全部区域';

const cache = new Map<string, Promise<string>>();

/** Name of an area code, fetched once per page load; an area the user cannot see shows its code. */
export function areaName(code: string): Promise<string> {
  if (code === '') return Promise.resolve(ALL_AREAS_LABEL);
  let p = cache.get(code);
  if (!p) {
    p = api
      .get<AreaSummary>(`/api/areas/${encodeURIComponent(code)}`)
      .then((a) => a.name)
      .catch(() => code);
    cache.set(code, p);
  }
  return p;
}

export function rememberAreaName(code: string, name: string): void {
  cache.set(code, Promise.resolve(name));
}

export function useAreaNames(codes: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = JSON.stringify([...new Set(codes)].sort());
  useEffect(() => {
    let alive = true;
    const list = JSON.parse(key) as string[];
    Promise.all(list.map(async (c) => [c, await areaName(c)] as const)).then((pairs) => {
      if (alive) setNames(Object.fromEntries(pairs));
    });
    return () => {
      alive = false;
    };
  }, [key]);
  return names;
}

export function AreaName({ code }: { code: string }) {
  const names = useAreaNames([code]);
  return <span title={code || undefined}>{names[code] ?? code}</span>;
}
