/**
 * Scale data for benchmarks (issue #10): a town (100 grids, 20,000 residents, 10,000 cases) or a city (湛江's five
 * districts: 9,108 grids, 2,000,000 residents, 1,000,000 cases over three years, 500,000 visits) on top of the demo
 * seed. Deterministic: the same scale and end day give the same rows (ciphertexts aside: AES-GCM takes a random IV).
 *
 * Set-based where the database can do it (INSERT … SELECT generate_series), batched JSON rows where JS must compute
 * (boundaries, encrypted 身份证号/phones, the audit hash chain). Works on PGlite and PostgreSQL alike.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { childCode } from '../../domain/area-code';
import { chinaDate } from '../../domain/cases/deadline';
import { DISPUTE_TYPES } from '../../domain/cases/kinds/dispute';
import { type Quad, quadPolygon, splitQuad } from '../../domain/geo';
import { makeIdCard, maskIdCard, maskPhone } from '../../domain/id-card';
import { GENESIS, auditHash } from '../platform/audit';
import type { AppContext } from '../platform/context';
import { encrypt, searchHash } from '../platform/crypto';
import { type Db, queryRows } from '../platform/db/client';
import { hashPassword } from '../platform/password';
import { rebuildAllRollups } from '../modules/metrics/rollup';
import { ensureCaseCategories } from '../modules/cases/case-policy.service';
import { DEMO_PASSWORD } from '../seed';

export type Scale = 'town' | 'city';

export type ScalePlan = {
  scale: Scale;
  /** area whose villages receive the grids: a town code, or a city prefix */
  root: string;
  grids: number;
  residents: number;
  cases: number;
  visits: number;
  days: number;
};

/** 湛江 (4408): the city of the seed reports; its five configured districts hold 1,031 villages in 65 towns. */
export const CITY_ROOT = '4408';

export function planOf(scale: Scale, fraction = 1): Omit<ScalePlan, 'root'> {
  const f = (n: number) => Math.max(1, Math.round(n * fraction));
  // a fraction scales the records, not the map: a 10% city still has every grid
  if (scale === 'town') return { scale, grids: 100, residents: f(20_000), cases: f(10_000), visits: f(5_000), days: 365 };
  return { scale, grids: 9_108, residents: f(2_000_000), cases: f(1_000_000), visits: f(500_000), days: 3 * 365 };
}

export type GenCounts = Record<string, number>;
type Log = (msg: string) => void;

const num = (x: unknown) => Number(x ?? 0);
/** Integers we computed ourselves, inlined: generate_series and modulo need typed operands, not untyped parameters. */
const int = (n: number) => sql.raw(String(Math.trunc(n)));
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Runs `rows` through INSERT … SELECT FROM json_to_recordset in batches; the SQL names the columns and types. */
async function insertJson<T>(db: Db, rows: T[], batch: number, statement: (json: string) => ReturnType<typeof sql>): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await db.execute(statement(JSON.stringify(rows.slice(i, i + batch))));
}

/**
 * Bulk load without the table's secondary indexes, rebuilt afterwards from their own definitions (a sorted build is
 * far cheaper than millions of random B-tree inserts, the 身份证号 hash index above all). Primary keys stay.
 */
async function withoutIndexes<T>(db: Db, table: string, log: Log, load: () => Promise<T>): Promise<T> {
  const defs = await queryRows<{ name: string; def: string }>(
    db,
    sql`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ${table}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const d of defs) await db.execute(sql.raw(`DROP INDEX IF EXISTS "${d.name}"`));
  try {
    return await load();
  } finally {
    const t = performance.now();
    for (const d of defs) await db.execute(sql.raw(d.def));
    if (defs.length) log(`    ${table}: ${defs.length} indexes rebuilt (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
}

function quadOf(boundary: unknown): Quad | null {
  const g = boundary as { type?: string; coordinates?: number[][][] } | null;
  const ring = g?.type === 'Polygon' ? g.coordinates?.[0] : null;
  if (!ring || ring.length < 5) return null;
  // quadPolygon writes the ring counter-clockwise from the south-west; keep that order
  return [ring[0], ring[1], ring[2], ring[3]] as Quad;
}

/** The town of the city with the most villages: a town-scale run fills one real town. */
async function largestTown(db: Db): Promise<string> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`SELECT parent_code AS code FROM areas WHERE level = 'village' AND code >= ${CITY_ROOT} AND code < '4409'
        GROUP BY parent_code ORDER BY count(*) DESC, parent_code LIMIT 1`,
  );
  if (!rows[0]) throw new Error('湛江 (4408) is not among the imported regions: include 440802,440803,440811,440823,440881 in FENGQIAO_REGIONS');
  return rows[0].code;
}

export async function resolvePlan(db: Db, scale: Scale, fraction = 1): Promise<ScalePlan> {
  const root = scale === 'town' ? await largestTown(db) : CITY_ROOT;
  return { ...planOf(scale, fraction), root };
}

/** The China day the generated history ends on (yesterday by default, so nothing lies in the future). */
export function defaultEndDay(now: Date): string {
  return chinaDate(new Date(now.getTime() - 86_400_000));
}

export async function generate(ctx: AppContext, plan: ScalePlan, endDay: string, log: Log = console.log): Promise<GenCounts> {
  const db = ctx.db;
  const t0 = performance.now();
  const step = (label: string, since: number) => log(`  ${label} (${((performance.now() - since) / 1000).toFixed(1)} s)`);
  const [done] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM settings WHERE key = 'gen.scale'`);
  if (num(done.n) > 0) throw new Error('this database already holds generated data: generate into a fresh one');
  const hi = plan.root.length === 4 ? String(Number(plan.root) + 1) : `${plan.root.slice(0, -1)}${Number(plan.root.slice(-1)) + 1}`;
  const inRoot = (col: string) => sql.raw(`${col} >= '${plan.root}' AND ${col} < '${hi}'`);
  const counts: GenCounts = {};

  // ---- grids: the villages of the root split into the planned number of grids, boundaries re-tiled
  let t = performance.now();
  const villages = await queryRows<{ code: string; boundary: unknown }>(
    db,
    sql`SELECT code, boundary FROM areas WHERE level = 'village' AND ${inRoot('code')} ORDER BY code`,
  );
  if (!villages.length) throw new Error(`no villages under ${plan.root}`);
  type GridRow = { code: string; name: string; parent: string; boundary: unknown; type: string };
  const grids: GridRow[] = [];
  villages.forEach((v, i) => {
    const n = Math.floor(plan.grids / villages.length) + (i < plan.grids % villages.length ? 1 : 0);
    if (n === 0) return;
    const quad = quadOf(v.boundary);
    const cells = quad ? splitQuad(quad, n, `gen-${v.code}`) : [];
    for (let k = 1; k <= n; k++) {
      grids.push({
        code: childCode(v.code, k),
        name: `${v.code.slice(-3)}村居第${k}网格`,
        parent: v.code,
        boundary: cells[k - 1] ? quadPolygon(cells[k - 1]) : null,
        type: k === n && n >= 4 ? '专属网格' : '综合网格',
      });
    }
  });
  const households = Math.round(plan.residents / 2.7);
  // village names come from the regions table; grids carry the village's own name
  await insertJson(
    db,
    grids.map((g, i) => ({
      ...g,
      households: Math.floor(((i + 1) * households) / grids.length) - Math.floor((i * households) / grids.length),
      population: Math.floor(((i + 1) * plan.residents) / grids.length) - Math.floor((i * plan.residents) / grids.length),
    })),
    1000,
    (json) => sql`
      INSERT INTO areas (code, name, level, parent_code, grid_type, boundary, boundary_generated, households, population)
      SELECT r.code, v.name || substr(r.name, strpos(r.name, '第')), 'grid', r.parent, r.type, r.boundary, true, r.households, r.population
      FROM json_to_recordset(${json}::json) AS r(code text, name text, parent text, type text, boundary jsonb, households int, population int)
      JOIN areas v ON v.code = r.parent
      ON CONFLICT (code) DO UPDATE SET boundary = excluded.boundary, boundary_generated = true, grid_type = excluded.grid_type,
        households = excluded.households, population = excluded.population, version = areas.version + 1, updated_at = now()`,
  );
  // a working table the set-based steps join on: grid number n → code, town, centre point and its grid worker
  await db.execute(sql`DROP TABLE IF EXISTS gen_grids`);
  await db.execute(sql`CREATE TABLE gen_grids (n int PRIMARY KEY, code text NOT NULL, town text NOT NULL, lng float8, lat float8, dx float8, dy float8, user_id int, hh_from int, hh_to int)`);
  await insertJson(
    db,
    grids.map((g, n) => {
      const ring = (g.boundary as { coordinates: number[][][] } | null)?.coordinates[0] ?? [[0, 0]];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      return { n, code: g.code, town: g.code.slice(0, 9), lng: (minX + maxX) / 2, lat: (minY + maxY) / 2, dx: (maxX - minX) / 6, dy: (maxY - minY) / 6 };
    }),
    2000,
    (json) => sql`INSERT INTO gen_grids (n, code, town, lng, lat, dx, dy)
      SELECT * FROM json_to_recordset(${json}::json) AS r(n int, code text, town text, lng float8, lat float8, dx float8, dy float8)`,
  );
  counts.grids = grids.length;
  step(`${grids.length} 个网格 under ${plan.root} (${villages.length} villages)`, t);

  // ---- accounts: one grid worker per grid (网格员 post held), one centre account for the root
  t = performance.now();
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.execute(sql`
    INSERT INTO users (username, display_name, password_hash, roles, scopes, must_change_password)
    SELECT 'gw' || g.code, '网格员' || right(g.code, 6), ${hash}::text, '["grid_worker"]'::jsonb, jsonb_build_array(g.code), false FROM gen_grids g
    UNION ALL SELECT 'gen_center', '生成数据综治中心', ${hash}::text, '["center_staff"]'::jsonb, jsonb_build_array(${plan.root}::text), false
    ON CONFLICT (username) DO NOTHING`);
  await db.execute(sql`UPDATE gen_grids g SET user_id = u.id FROM users u WHERE u.username = 'gw' || g.code`);
  await db.execute(sql`CREATE INDEX ON gen_grids (code)`);
  await db.execute(sql`ANALYZE gen_grids`);
  await db.execute(sql`
    INSERT INTO area_posts (area_code, post, person_name, user_id, phone_masked, started_at)
    SELECT g.code, '专职网格员', '网格员' || right(g.code, 6), g.user_id, '139****' || right(g.code, 4), ${`${endDay}T00:00:00+08:00`}::timestamptz - interval '3 years'
    FROM gen_grids g`);
  counts.users = grids.length + 1;
  step(`${grids.length + 1} accounts (grid workers + gen_center), posts`, t);

  // ---- households (set-based), then persons with encrypted 身份证号 and phones (JS, batched)
  t = performance.now();
  await db.execute(sql`UPDATE gen_grids SET hh_from = (n::bigint * ${int(households)} / ${int(grids.length)})::int, hh_to = ((n + 1)::bigint * ${int(households)} / ${int(grids.length)})::int`);
  const [hhBefore] = await queryRows<{ m: number | string | null }>(db, sql`SELECT max(id) AS m FROM households`);
  const hhBase = num(hhBefore.m);
  await db.execute(sql`
    INSERT INTO households (area_code, household_no, address, head_name, created_at, updated_at)
    SELECT g.code, lpad((h - g.hh_from + 1)::text, 4, '0'), '生成地址' || right(g.code, 6) || '-' || (h - g.hh_from + 1) || '号', NULL,
      ${`${endDay}T00:00:00+08:00`}::timestamptz - interval '3 years', ${`${endDay}T00:00:00+08:00`}::timestamptz - interval '3 years'
    FROM gen_grids g, generate_series(g.hh_from, g.hh_to - 1) AS h ORDER BY h`);
  const hhRows = await queryRows<{ id: number; area_code: string }>(db, sql`SELECT id, area_code FROM households WHERE id > ${int(hhBase)} ORDER BY id`);
  counts.households = hhRows.length;
  step(`${hhRows.length} households`, t);

  t = performance.now();
  const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡'.split('');
  const STEMS = '甲乙丙丁戊己庚辛壬癸'.split('');
  const BATCH = 5_000;
  const birthBase = Date.UTC(1940, 0, 1);
  await withoutIndexes(db, 'persons', log, async () => {
    for (let from = 0; from < plan.residents; from += BATCH) {
      const rows = [];
      for (let j = from; j < Math.min(plan.residents, from + BATCH); j++) {
        const hIdx = Math.floor((j * hhRows.length) / plan.residents);
        const first = j === 0 || Math.floor(((j - 1) * hhRows.length) / plan.residents) !== hIdx;
        const hh = hhRows[hIdx];
        const birth = new Date(birthBase + (j % 29_000) * 86_400_000);
        const ymd = birth.toISOString().slice(0, 10);
        const id = makeIdCard(hh.area_code.slice(0, 6), ymd.replaceAll('-', ''), Math.floor(j / 29_000));
        const phone = j % 10 < 7 ? `1${3 + (j % 7)}${pad(j, 9)}` : null;
        rows.push({
          a: hh.area_code,
          h: hh.id,
          n: `${SURNAMES[j % SURNAMES.length]}某${STEMS[Math.floor(j / SURNAMES.length) % STEMS.length]}${j % 1000}`,
          g: j % 2 ? '女' : '男',
          b: ymd,
          ie: encrypt(id),
          ih: searchHash(id),
          im: maskIdCard(id),
          pe: phone ? encrypt(phone) : null,
          ph: phone ? searchHash(phone) : null,
          pm: phone ? maskPhone(phone) : null,
          r: first ? '户主' : j % 3 ? '子女' : '配偶',
          s: j % 9 === 0 ? '流动' : '户籍',
        });
      }
      await db.execute(sql`
        INSERT INTO persons (area_code, household_id, name, gender, birth_date, id_card_enc, id_card_hash, id_card_masked, phone_enc, phone_hash, phone_masked, relation, residency)
        SELECT a, h, n, g, b::date, ie, ih, im, pe, ph, pm, r, s
        FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(a text, h int, n text, g text, b text, ie text, ih text, im text, pe text, ph text, pm text, r text, s text)`);
      if ((from / BATCH) % 40 === 0 || from + BATCH >= plan.residents) log(`    persons ${Math.min(plan.residents, from + BATCH).toLocaleString('en')} / ${plan.residents.toLocaleString('en')}`);
    }
  });
  await db.execute(sql`UPDATE households h SET head_name = p.name FROM persons p WHERE p.household_id = h.id AND p.relation = '户主' AND h.id > ${int(hhBase)}`);
  counts.persons = plan.residents;
  step(`${plan.residents} persons (身份证号/phone AES-256-GCM + HMAC, as the people service stores them)`, t);

  // ---- cases: ids follow time (oldest first); each chunk covers whole days, so numbering per town and day is complete
  t = performance.now();
  await ensureCaseCategories(db);
  const [caseBefore] = await queryRows<{ m: number | string | null }>(db, sql`SELECT max(id) AS m FROM cases`);
  const caseBase = num(caseBefore.m);
  const end = `${endDay}T00:00:00+08:00`;
  const N = plan.cases;
  const D = plan.days;
  const G = grids.length;
  const titles = ['路灯损坏', '道路坑洼', '垃圾堆放', '私搭乱建', '噪音扰民', '邻里纠纷', '消防通道堵塞', '占道经营', '井盖缺失', '污水外溢', '违规停车', '电动车楼道充电'];
  const eventCats = ['public_security', 'safety_hazard', 'dispute_lead', 'sanitation', 'municipal', 'livelihood', 'policy_inquiry', 'other'];
  const disputeCats = DISPUTE_TYPES.map((d) => d.code);
  const textArray = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`);
  const CHUNK_DAYS = 30;
  await withoutIndexes(db, 'cases', log, async () => {
    for (let a0 = 0; a0 < D; a0 += CHUNK_DAYS) {
      // case i is on day floor(i·D/N) counted from the oldest; this chunk holds days [a0, a1)
      const a1 = Math.min(D, a0 + CHUNK_DAYS);
      const iFrom = Math.ceil((a0 * N) / D);
      const iTo = Math.ceil((a1 * N) / D);
      if (iTo <= iFrom) continue;
      await db.execute(sql`
        WITH b AS (
          SELECT i, ${int(D)} - (i::bigint * ${int(D)} / ${int(N)})::int AS age, h, (h % ${int(G)})::int AS gn
          FROM generate_series(${int(iFrom)}, ${int(iTo - 1)}) AS i,
            -- 48 bits of md5(i): a deterministic, well-mixed draw per case on every PostgreSQL
            LATERAL (SELECT ('x' || substr(md5(i::text), 1, 12))::bit(48)::bigint AS h) AS m
        ), c AS (
          SELECT b.*, g.code, g.town, g.lng + g.dx * ((b.h % 1000) / 500.0 - 1) AS lng, g.lat + g.dy * (((b.h / 1000) % 1000) / 500.0 - 1) AS lat,
            g.user_id, CASE WHEN b.h % 10 = 0 THEN 'dispute' ELSE 'event' END AS kind,
            ${end}::timestamptz - ((b.age) * interval '1 day') + ((28800 + (b.h / 7) % 43200) * interval '1 second') AS created,
            (b.h / 13) % 100 AS p
          FROM b JOIN gen_grids g ON g.n = b.gn
        ), s AS (
          SELECT c.*,
            CASE
              WHEN c.age >= 20 THEN CASE WHEN c.p < 3 THEN 'rejected' WHEN c.p < 5 THEN 'merged' WHEN c.p < 50 THEN 'closed' ELSE 'evaluated' END
              WHEN c.age >= 5 THEN CASE WHEN c.p < 40 THEN 'closed' WHEN c.p < 60 THEN 'evaluated' WHEN c.p < 75 THEN 'handled' WHEN c.p < 92 THEN 'in_progress' WHEN c.p < 96 THEN 'assigned' ELSE 'accepted' END
              ELSE CASE WHEN c.p < 25 THEN 'reported' WHEN c.p < 45 THEN 'accepted' WHEN c.p < 70 THEN 'in_progress' WHEN c.p < 85 THEN 'handled' WHEN c.p < 95 THEN 'closed' ELSE 'evaluated' END
            END AS status,
            CASE WHEN (c.h / 17) % 20 = 0 THEN 'key' WHEN (c.h / 17) % 50 = 1 THEN 'hard' ELSE 'routine' END AS grade,
            CASE WHEN (c.h / 19) % 10 < 6 THEN 'grid' WHEN (c.h / 19) % 10 < 8 THEN 'village' ELSE 'town' END AS rtier
          FROM c
        ), n AS (
          SELECT s.*, CASE WHEN s.kind = 'dispute' THEN 'MD' ELSE 'SJ' END AS prefix,
            row_number() OVER (PARTITION BY s.kind, s.town, s.age ORDER BY s.i) AS seq
          FROM s
        )
        INSERT INTO cases (number, kind, status, area_code, tier, resolved_tier, resolved_locally, grade, category_code, title, description, tokens,
          lng, lat, source, reporter_id, reporter_name, due_step, due_started_at, warn_at, due_at, overdue_count, rework_count, rating,
          rated_at, accepted_at, handled_at, closed_at, closed_on_time, created_at, updated_at)
        SELECT n.prefix || '-' || n.town || '-' || to_char(n.created AT TIME ZONE 'UTC' + interval '8 hours', 'YYYYMMDD') || '-' || lpad(n.seq::text, 4, '0'),
          n.kind, n.status, n.code,
          CASE WHEN n.rtier = 'town' AND n.status NOT IN ('reported') THEN 'town' ELSE 'grid' END,
          CASE WHEN n.status IN ('closed', 'evaluated') THEN n.rtier END,
          n.status IN ('closed', 'evaluated') AND n.rtier IN ('grid', 'village'),
          n.grade,
          CASE WHEN n.kind = 'dispute' THEN (${textArray(disputeCats)})[1 + (n.h / 23) % ${int(disputeCats.length)}]
            ELSE (${textArray(eventCats)})[1 + (n.h / 23) % ${int(eventCats.length)}] END,
          (${textArray(titles)})[1 + (n.h / 29) % ${int(titles.length)}] || '（' || right(n.code, 6) || '）',
          '网格员巡查发现，现场已拍照记录。', (${textArray(titles)})[1 + (n.h / 29) % ${int(titles.length)}],
          n.lng, n.lat, 'grid', n.user_id, '网格员' || right(n.code, 6),
          CASE n.status WHEN 'reported' THEN 'accept' WHEN 'handled' THEN 'verify' WHEN 'accepted' THEN 'handle' WHEN 'assigned' THEN 'acknowledge' WHEN 'in_progress' THEN 'handle' END,
          CASE WHEN n.status IN ('reported', 'accepted', 'assigned', 'in_progress', 'handled') THEN n.created + interval '1 hour' END,
          CASE WHEN n.status IN ('reported', 'accepted', 'assigned', 'in_progress', 'handled') THEN n.created + interval '1 hour' + ((2 + (n.h / 31) % 6) * interval '1 day') END,
          CASE WHEN n.status IN ('reported', 'accepted', 'assigned', 'in_progress', 'handled') THEN n.created + interval '1 hour' + ((3 + (n.h / 31) % 8) * interval '1 day') END,
          CASE WHEN n.status IN ('in_progress', 'handled') AND (n.h / 37) % 8 = 0 THEN 1 ELSE 0 END,
          CASE WHEN n.status IN ('closed', 'evaluated') AND (n.h / 41) % 25 = 0 THEN 1 ELSE 0 END,
          CASE WHEN n.status = 'evaluated' THEN CASE WHEN (n.h / 43) % 20 < 15 THEN 'satisfied' WHEN (n.h / 43) % 20 < 19 THEN 'basically' ELSE 'unsatisfied' END END,
          CASE WHEN n.status = 'evaluated' THEN n.created + ((4 + (n.h / 47) % 10) * interval '1 day') END,
          CASE WHEN n.status NOT IN ('reported', 'rejected', 'merged') THEN n.created + ((10 + ((n.h / 53) % 300)::int) * interval '1 minute') END,
          CASE WHEN n.status IN ('handled', 'closed', 'evaluated') THEN n.created + ((1 + (n.h / 59) % 5) * interval '1 day') END,
          CASE WHEN n.status IN ('closed', 'evaluated') THEN n.created + ((2 + (n.h / 59) % 5) * interval '1 day' + (3) * interval '1 hour') END,
          CASE WHEN n.status IN ('closed', 'evaluated') THEN (n.h / 61) % 12 <> 0 END,
          n.created,
          CASE WHEN n.status = 'evaluated' THEN n.created + ((4 + (n.h / 47) % 10) * interval '1 day')
            WHEN n.status IN ('closed') THEN n.created + ((2 + (n.h / 59) % 5) * interval '1 day' + (3) * interval '1 hour')
            WHEN n.status IN ('handled') THEN n.created + ((1 + (n.h / 59) % 5) * interval '1 day')
            ELSE n.created + interval '2 hours' END
        FROM n ORDER BY n.i`);
      log(`    cases ${iTo.toLocaleString('en')} / ${N.toLocaleString('en')}`);
    }
  });
  // merged ones point at an older case of the same grid; the counters continue after the generated numbers
  await db.execute(sql`UPDATE cases c SET merged_into_id = p.prev
    FROM (SELECT id, lag(id) OVER (PARTITION BY area_code ORDER BY id) AS prev FROM cases WHERE id > ${int(caseBase)}) p
    WHERE p.id = c.id AND c.id > ${int(caseBase)} AND c.status = 'merged' AND p.prev IS NOT NULL`);
  await db.execute(sql`
    INSERT INTO case_counters (prefix, area, day, value)
    SELECT split_part(number, '-', 1), split_part(number, '-', 2), split_part(number, '-', 3), count(*)::int FROM cases WHERE id > ${int(caseBase)} GROUP BY 1, 2, 3
    ON CONFLICT (prefix, area, day) DO UPDATE SET value = GREATEST(case_counters.value, excluded.value)`);
  await db.execute(sql`
    INSERT INTO dispute_details (case_id, area_code, type_code, risk_level, source, people_involved, step, outcome, outcome_at, outcome_on_time, resolved_locally, created_at)
    SELECT id, area_code, category_code, CASE WHEN grade = 'routine' THEN 'low' WHEN grade = 'key' THEN 'medium' ELSE 'high' END, '网格上报', 2 + id % 3,
      CASE WHEN status IN ('closed', 'evaluated') THEN 'graded' ELSE 'screening' END,
      CASE WHEN status IN ('closed', 'evaluated') THEN 'success' END, closed_at, closed_on_time, resolved_locally, created_at
    FROM cases WHERE id > ${int(caseBase)} AND kind = 'dispute'`);
  counts.cases = N;
  step(`${N} cases (about one in ten a dispute), numbers gapless per town and day`, t);

  t = performance.now();
  const tl = (action: string, when: string, from: string | null, to: string, text: string, pub: string | null, where: string) =>
    db.execute(sql`
      INSERT INTO case_timeline (case_id, at, actor_id, actor_name, action, from_status, to_status, text, public_text)
      SELECT id, ${sql.raw(when)}, ${sql.raw(action === 'report' ? 'reporter_id' : 'NULL')}, ${sql.raw(action === 'report' ? 'reporter_name' : `'${'综治中心'}'`)},
        ${action}::text, ${from}::text, ${to}::text, ${text}::text, ${pub}::text
      FROM cases WHERE id > ${int(caseBase)} AND ${sql.raw(where)} ORDER BY id`);
  await withoutIndexes(db, 'case_timeline', log, async () => {
    await tl('report', 'created_at', null, 'reported', '网格员上报事件', '您反映的问题已提交，等待受理', 'true');
    await tl('reject', "created_at + interval '2 hours'", 'reported', 'rejected', '不属于受理范围', '您反映的问题不予受理', "status = 'rejected'");
    await tl('merge', "created_at + interval '2 hours'", 'reported', 'merged', '与已有事件重复，已合并', '已与相同问题合并办理', "status = 'merged'");
    await tl('accept', 'accepted_at', 'reported', 'accepted', '综治中心受理', '已受理', 'accepted_at IS NOT NULL');
    await tl('dispatch', "accepted_at + interval '30 minutes'", 'accepted', 'assigned', '派遣至职能部门', '已派遣', "status NOT IN ('reported', 'accepted', 'rejected', 'merged')");
    await tl('feedback', 'handled_at', 'in_progress', 'handled', '处置完成，反馈结果', '已处置，等待核查', 'handled_at IS NOT NULL');
    await tl('close', 'closed_at', 'handled', 'closed', '核查通过，结案', '已办结', 'closed_at IS NOT NULL');
    await tl('rate', 'rated_at', 'closed', 'evaluated', '群众评价', null, "status = 'evaluated'");
  });
  const [tlCount] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM case_timeline WHERE case_id > ${int(caseBase)}`);
  counts.timeline = num(tlCount.n);
  step(`${counts.timeline} timeline entries`, t);

  // ---- the audit chain: one case.report record per generated case, hashed in JS onto the existing chain
  t = performance.now();
  const [last] = await queryRows<{ hash: string }>(db, sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  let prev = last?.hash ?? GENESIS;
  await withoutIndexes(db, 'audit_log', log, async () => {
    for (let lo = caseBase; ; ) {
      const rows = await queryRows<{ id: number; number: string; kind: string; category_code: string; area_code: string; created_at: Date | string; reporter_id: number; username: string }>(
        db,
        sql`SELECT c.id, c.number, c.kind, c.category_code, c.area_code, c.created_at, c.reporter_id, 'gw' || c.area_code AS username
            FROM cases c WHERE c.id > ${int(lo)} ORDER BY c.id LIMIT 5000`,
      );
      if (!rows.length) break;
      const out = rows.map((r) => {
        const row = {
          at: new Date(r.created_at),
          actorId: r.reporter_id,
          actorName: r.username,
          ip: null,
          action: 'case.report',
          targetType: 'case',
          targetId: String(r.id),
          areaCode: r.area_code,
          result: 'ok',
          detail: { number: r.number, kind: r.kind, category: r.category_code },
        };
        const hashed = auditHash(prev, row);
        const rec = { ...row, at: row.at.toISOString(), prevHash: prev, hash: hashed };
        prev = hashed;
        return rec;
      });
      await db.execute(sql`
        INSERT INTO audit_log (at, actor_id, actor_name, ip, action, target_type, target_id, area_code, result, detail, prev_hash, hash)
        SELECT "at"::timestamptz, "actorId", "actorName", ip, action, "targetType", "targetId", "areaCode", result, detail, "prevHash", hash
        FROM json_to_recordset(${JSON.stringify(out)}::json) AS x("at" text, "actorId" int, "actorName" text, ip text, action text, "targetType" text,
          "targetId" text, "areaCode" text, result text, detail jsonb, "prevHash" text, hash text)
        ORDER BY "targetId"::int`);
      lo = rows[rows.length - 1].id;
    }
  });
  // the chain's head row (recordAudit appends after it) now points at the last generated record
  await db.execute(sql`UPDATE audit_head SET (prev_hash, hash) = (SELECT prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT 1) WHERE id = 1`);
  counts.audit = N;
  step(`${N} audit records chained`, t);

  // ---- visits: households of the root over the period, by their grid's worker
  t = performance.now();
  await withoutIndexes(db, 'visits', log, () =>
    db.execute(sql`
      INSERT INTO visits (area_code, household_id, visited_at, visitor_id, visitor_name, people_met, findings, created_at)
      SELECT h.area_code, h.id, v.at, g.user_id, '网格员' || right(g.code, 6), 1 + i % 4,
        (ARRAY['家庭和睦，无矛盾纠纷', '宣传反诈知识', '了解家庭收入情况，宣传惠民政策', '反映路灯损坏，已记录上报', '宣传防火安全知识'])[1 + i % 5], v.at
      FROM generate_series(0, ${int(plan.visits - 1)}) AS i
      CROSS JOIN LATERAL (SELECT ${end}::timestamptz - ((${int(D)} - (i::bigint * ${int(D)} / ${int(plan.visits)})::int) * interval '1 day') + ((32400 + (i * 37) % 36000) * interval '1 second') AS at) v
      JOIN households h ON h.id = ${int(hhBase)} + 1 + (i::bigint * 7919 % ${int(hhRows.length)})
      JOIN gen_grids g ON g.code = h.area_code`),
  );
  counts.visits = plan.visits;
  step(`${plan.visits} visits`, t);

  // ---- rollups from scratch, statistics, bookkeeping
  t = performance.now();
  await db.transaction(async (tx) => rebuildAllRollups(tx as unknown as Db, ctx.clock()));
  step('rollups rebuilt (rebuildAllRollups)', t);
  t = performance.now();
  await db.execute(sql`DROP TABLE gen_grids`);
  // statistics for the planner and the visibility map for index-only counts, as autovacuum would leave them
  await db.execute(sql`VACUUM ANALYZE`);
  await db.execute(sql`INSERT INTO settings (key, value) VALUES ('gen.scale', ${JSON.stringify({ ...plan, endDay, counts })}::jsonb)`);
  step('VACUUM ANALYZE', t);
  log(`generated ${plan.scale} scale in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return counts;
}
