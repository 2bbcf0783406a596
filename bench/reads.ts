/**
 * Reads on the generated data over real HTTP, one request at a time (latency, not throughput): case lists filtered
 * by area, kind and status at county, town and grid level; a case page with its timeline; a person search by
 * 身份证号 (the server hashes it and looks the hash up).
 */
import pg from 'pg';
import { decrypt } from '../src/server/platform/crypto';
import { type AppProcess, drive, httpClient, ms, percentile } from './support';

export type ReadFigure = { name: string; requests: number; p50: number; p99: number };

export async function runReads(server: AppProcess, databaseUrl: string, root: string, runs: number, user: string, password: string): Promise<ReadFigure[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const hi = root.length === 4 ? String(Number(root) + 1) : `${root.slice(0, -1)}${Number(root.slice(-1)) + 1}`;
  const codes = async (len: number) =>
    (
      await pool.query<{ c: string }>(
        `SELECT DISTINCT substr(code, 1, $3) AS c FROM areas WHERE level = 'grid' AND code >= $1 AND code < $2 ORDER BY 1`,
        [root, hi, len],
      )
    ).rows.map((r) => r.c);
  const [counties, towns, grids] = [await codes(6), await codes(9), await codes(15)];
  const { rows: caseIds } = await pool.query<{ id: number }>(
    'SELECT id FROM cases WHERE area_code >= $1 AND area_code < $2 ORDER BY md5(id::text) LIMIT $3',
    [root, hi, runs],
  );
  const { rows: people } = await pool.query<{ e: string }>(
    'SELECT id_card_enc AS e FROM persons WHERE area_code >= $1 AND area_code < $2 AND id_card_enc IS NOT NULL ORDER BY md5(id::text) LIMIT $3',
    [root, hi, runs],
  );
  await pool.end();
  const idCards = people.map((p) => decrypt(p.e));
  const statuses = ['in_progress', 'closed', 'reported', 'evaluated', 'handled'];
  const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length];

  const client = httpClient(server.base, 1);
  await client.login(user, password);
  const get = async (url: string) => {
    const r = await client.request('GET', url);
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.body.slice(0, 160)}`);
  };
  const cases: [string, (i: number) => string][] = [
    ['case list · county · kind + status', (i) => `/api/cases?area=${pick(counties, i)}&kind=event&status=${pick(statuses, i)}&pageSize=20`],
    ['case list · town · kind + status', (i) => `/api/cases?area=${pick(towns, i)}&kind=event&status=${pick(statuses, i)}&pageSize=20`],
    ['case list · grid · kind', (i) => `/api/cases?area=${pick(grids, i)}&kind=event&pageSize=20`],
    ['case list · whole city, page 50', (i) => `/api/cases?area=${root}&status=${pick(statuses, i)}&page=50&pageSize=20`],
    ['case page (GET /api/cases/:id)', (i) => `/api/cases/${pick(caseIds, i).id}`],
    ['case timeline (GET /api/cases/:id/timeline)', (i) => `/api/cases/${pick(caseIds, i).id}/timeline`],
    ['desk tab counts (GET /api/cases/counts, capped at 1,000)', () => '/api/cases/counts'],
    ['person search by 身份证号', (i) => `/api/people?idCard=${pick(idCards, i)}`],
  ];
  const out: ReadFigure[] = [];
  for (const [name, url] of cases) {
    await drive(Math.min(10, runs), 1, (i) => get(url(i + runs)));
    const r = await drive(runs, 1, (i) => get(url(i)));
    out.push({ name, requests: r.latencies.length, p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99) });
  }
  client.close();
  return out;
}

export function printReads(rows: ReadFigure[]): void {
  console.log('');
  console.log('| read (one at a time, over HTTP) | requests | p50 | p99 |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p99)} |`);
}
