/**
 * Intake (issue #10): authenticated POST /api/cases with a location over real HTTP to a listening app (grid lookup,
 * numbering, timeline, audit, duplicate search all run), at 32 and 64 connections — against the raw floor: a plain
 * `pg` script doing the same writes (counter, case row, timeline entry, chained audit record) in one transaction
 * per case at the same concurrency. Both measured in the same run, on the same database.
 */
import pg from 'pg';
import { caseNumber } from '../src/domain/cases/case-number';
import { auditBody } from '../src/server/platform/audit';
import { type AppProcess, drive, httpClient, ms, percentile } from './support';

export type Point = { code: string; lng: number; lat: number };
export type IntakeFigure = { concurrency: number; requests: number; rps: number; p50: number; p99: number; errors: number };
export type IntakeResult = { app: IntakeFigure[]; raw: IntakeFigure[] };

const CATEGORIES = ['sanitation', 'municipal', 'public_security', 'safety_hazard', 'livelihood'];
const TITLES = ['路灯不亮', '井盖松动', '垃圾未清运', '楼道堆放杂物', '道路积水'];

/** Grid centre points of the generated area (convex quads: the vertex mean lies inside). */
export async function samplePoints(pool: pg.Pool, root: string, n: number): Promise<Point[]> {
  const hi = root.length === 4 ? String(Number(root) + 1) : `${root.slice(0, -1)}${Number(root.slice(-1)) + 1}`;
  const { rows } = await pool.query<{ code: string; boundary: { coordinates: number[][][] } }>(
    `SELECT code, boundary FROM areas WHERE level = 'grid' AND status = 'active' AND boundary IS NOT NULL AND code >= $1 AND code < $2
     ORDER BY md5(code) LIMIT $3`,
    [root, hi, n],
  );
  return rows.map((r) => {
    const ring = r.boundary.coordinates[0].slice(0, -1);
    return { code: r.code, lng: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
  });
}

function figure(concurrency: number, requests: number, r: { latencies: number[]; seconds: number; errors: number }): IntakeFigure {
  return { concurrency, requests, rps: r.latencies.length / r.seconds, p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99), errors: r.errors };
}

export async function appIntake(server: AppProcess, points: Point[], concurrency: number, requests: number, user: string, password: string): Promise<IntakeFigure> {
  const client = httpClient(server.base, concurrency);
  await client.login(user, password);
  const post = async (i: number) => {
    const p = points[i % points.length];
    const r = await client.request('POST', '/api/cases', {
      kind: 'event',
      categoryCode: CATEGORIES[i % CATEGORIES.length],
      title: `${TITLES[i % TITLES.length]}（压测${i}）`,
      description: '压测上报，现场已拍照。',
      lng: p.lng,
      lat: p.lat,
    });
    if (r.status !== 201) throw new Error(`POST /api/cases ${r.status} ${r.body.slice(0, 160)}`);
  };
  await drive(Math.min(100, requests), concurrency, post); // warm-up: JIT, pools, grid index
  const res = await drive(requests, concurrency, post);
  client.close();
  return figure(concurrency, requests, res);
}

/** The same rows the app writes for a report, by hand: what the database alone costs. */
export async function rawIntake(databaseUrl: string, points: Point[], concurrency: number, requests: number, reporterId: number): Promise<IntakeFigure> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  const insert = async (i: number) => {
    const p = points[i % points.length];
    const now = new Date();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: seq } = await client.query<{ value: number }>(
        `INSERT INTO case_counters (prefix, area, day, value) VALUES ('SJ', $1, $2, 1)
         ON CONFLICT (prefix, area, day) DO UPDATE SET value = case_counters.value + 1 RETURNING value`,
        [p.code.slice(0, 9), caseNumber('SJ', p.code, now, 0).split('-')[2]],
      );
      const number = caseNumber('SJ', p.code, now, seq[0].value);
      const title = `${TITLES[i % TITLES.length]}（原始${i}）`;
      const { rows: c } = await client.query<{ id: number }>(
        `INSERT INTO cases (number, kind, status, area_code, tier, grade, category_code, title, description, tokens, lng, lat, source, reporter_id, reporter_name,
           due_step, due_started_at, warn_at, due_at, created_at, updated_at)
         VALUES ($1, 'event', 'reported', $2, 'town', 'routine', $3, $4, '压测上报，现场已拍照。', $5, $6, $7, 'intake', $8, '压测', 'accept', $9, $9, $9, $9, $9) RETURNING id`,
        [number, p.code, CATEGORIES[i % CATEGORIES.length], title, TITLES[i % TITLES.length], p.lng, p.lat, reporterId, now],
      );
      await client.query(
        `INSERT INTO case_timeline (case_id, at, actor_id, actor_name, action, to_status, text, public_text) VALUES ($1, $2, $3, '压测', 'report', 'reported', $4, '您反映的问题已提交，等待受理')`,
        [c[0].id, now, reporterId, `上报：${title}`],
      );
      const row = {
        at: now,
        actorId: reporterId,
        actorName: 'bench',
        ip: '127.0.0.1',
        action: 'case.report',
        targetType: 'case',
        targetId: String(c[0].id),
        areaCode: p.code,
        result: 'ok',
        detail: { number, kind: 'event', category: CATEGORIES[i % CATEGORIES.length] },
      };
      // the chain append as the app does it: move the head row and insert the record in one statement
      await client.query(
        `WITH head AS (UPDATE audit_head SET prev_hash = hash, hash = encode(sha256(convert_to(hash || $11::text, 'UTF8')), 'hex') WHERE id = 1 RETURNING prev_hash, hash)
         INSERT INTO audit_log (at, actor_id, actor_name, ip, action, target_type, target_id, area_code, result, detail, prev_hash, hash)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, head.prev_hash, head.hash FROM head`,
        [now, reporterId, 'bench', '127.0.0.1', 'case.report', 'case', row.targetId, p.code, 'ok', row.detail, auditBody(row)],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  await drive(Math.min(100, requests), concurrency, insert);
  const res = await drive(requests, concurrency, insert);
  await pool.end();
  return figure(concurrency, requests, res);
}

export function printIntake(r: IntakeResult): void {
  console.log('');
  console.log('| intake: POST /api/cases with a location | connections | requests | req/s | p50 | p99 | raw floor req/s | raw p50 | raw p99 | ratio app ÷ raw |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  r.app.forEach((a, i) => {
    const raw = r.raw[i];
    console.log(
      `| app over HTTP vs plain pg | ${a.concurrency} | ${a.requests} | ${a.rps.toFixed(0)} | ${ms(a.p50)} | ${ms(a.p99)} | ${raw.rps.toFixed(0)} | ${ms(raw.p50)} | ${ms(raw.p99)} | ${(a.rps / raw.rps).toFixed(2)} |`,
    );
  });
}
