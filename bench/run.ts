/**
 * `npm run bench`: every benchmark under bench/, each printing its figures and, where a floor exists, the
 * ratio to it measured in the same run on this machine. Not a test: nothing here asserts.
 *
 *   npm run bench                               quick (< 5 min): PostgreSQL parts need DATABASE_URL or --database-url
 *   npm run bench -- --full                     more requests per figure, both concurrencies, startup and web
 *   npm run bench -- --only intake,reads,grid,startup,web,dashboard
 *
 * The PostgreSQL database should hold generated data (`npm run gen -- --scale town|city --database-url …`); an empty
 * one gets the town scale first. FENGQIAO_KEY must be the key the data was generated with.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { defaultEndDay, generate, resolvePlan, type ScalePlan } from '../src/server/cli/gen-data';
import { loadConfig } from '../src/server/platform/config';
import type { AppContext } from '../src/server/platform/context';
import { loadKey } from '../src/server/platform/crypto';
import { openDatabase, queryRows } from '../src/server/platform/db/client';
import { DEMO_PASSWORD, isSeeded, seedDemo } from '../src/server/seed';
import { printDashboardOnDatabase, runDashboardBench, runDashboardOnDatabase } from './dashboard';
import { printGridLookup, runGridLookup } from './grid-lookup';
import { appIntake, type IntakeResult, printIntake, rawIntake, samplePoints } from './intake';
import { printReads, runReads } from './reads';
import { printStartup, runStartup } from './startup';
import { ROOT, machineLine, startServer, tmpDir } from './support';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    'web-dir': { type: 'string', default: 'dist/web' },
  },
});
const ALL = ['intake', 'reads', 'grid', 'startup', 'web', 'dashboard'];
const only = new Set((values.only ?? ALL.join(',')).split(',').map((s) => s.trim()));
const full = values.full ?? false;

/** The generated plan stored in the database, generating the town scale into an empty database. */
async function ensureGenerated(ctx: AppContext): Promise<ScalePlan> {
  const [stored] = await queryRows<{ value: ScalePlan }>(ctx.db, sql`SELECT value FROM settings WHERE key = 'gen.scale'`);
  if (stored) return stored.value;
  console.log('no generated data in this database: generating the town scale first (npm run gen -- --scale town)');
  if (!(await isSeeded(ctx))) await seedDemo(ctx);
  const plan = await resolvePlan(ctx.db, 'town');
  await generate(ctx, plan, defaultEndDay(new Date()), (m) => console.log(`[gen] ${m}`));
  return plan;
}

async function main() {
  const t0 = performance.now();
  console.log(`枫桥 bench (${full ? 'full' : 'quick'}) — ${machineLine()}`);
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL?.trim() ?? '';
  const pgParts = ['intake', 'reads', 'grid', 'dashboard'].filter((p) => only.has(p));
  const onPostgres = databaseUrl.startsWith('postgres');
  if (pgParts.length && !onPostgres) {
    console.log(`skipping ${pgParts.filter((p) => p !== 'dashboard').join(', ')}: they run on PostgreSQL — pass --database-url postgres://… (see docs/performance.md)`);
  } else if (pgParts.length) {
    const config = { ...loadConfig({ ...process.env, DATABASE_URL: databaseUrl, FENGQIAO_DEMO: '1' }), dataDir: tmpDir('fq-bench-') };
    if (!process.env.FENGQIAO_KEY) throw new Error('set FENGQIAO_KEY (the key the generated data was encrypted with)');
    loadKey(path.join(config.dataDir, 'key'));
    const database = await openDatabase({ databaseUrl });
    const ctx: AppContext = { db: database.db, dbKind: database.kind, config, clock: () => new Date() };
    const plan = await ensureGenerated(ctx);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const { rows: counts } = await pool.query<{ cases: string; persons: string; grids: string }>(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM persons) AS persons, (SELECT count(*) FROM areas WHERE level = 'grid') AS grids`,
    );
    console.log(`data: ${plan.scale} scale under ${plan.root} — ${counts[0].grids} grids, ${counts[0].persons} persons, ${counts[0].cases} cases in the database`);
    if (only.has('intake') || only.has('reads') || only.has('dashboard')) {
      const server = await startServer({ DATABASE_URL: databaseUrl, FENGQIAO_DATA_DIR: config.dataDir, FENGQIAO_DEMO: '1' });
      console.log(`app started in ${(server.startedMs / 1000).toFixed(1)} s (child process, PostgreSQL pool ${process.env.FENGQIAO_DB_POOL ?? 10})`);
      try {
        if (only.has('intake')) {
          const points = await samplePoints(pool, plan.root, 2_000);
          const { rows: u } = await pool.query<{ id: number }>(`SELECT id FROM users WHERE username = 'gen_center'`);
          const result: IntakeResult = { app: [], raw: [] };
          const requests = full ? 3_000 : 600;
          for (const c of [32, 64]) {
            result.app.push(await appIntake(server, points, c, requests, 'gen_center', DEMO_PASSWORD));
            result.raw.push(await rawIntake(databaseUrl, points, c, requests, u[0].id));
          }
          printIntake(result);
        }
        if (only.has('reads')) printReads(await runReads(server, databaseUrl, plan.root, full ? 300 : 100, 'gen_center', DEMO_PASSWORD));
        if (only.has('dashboard')) printDashboardOnDatabase(await runDashboardOnDatabase(server, pool, plan.root, 'gen_center', DEMO_PASSWORD, full ? 50 : 15));
      } finally {
        await server.stop();
      }
    }
    if (only.has('grid')) printGridLookup(await runGridLookup(ctx, plan.root, full ? 200_000 : 50_000));
    await pool.end();
    await database.close();
  }
  if (only.has('startup')) printStartup(await runStartup());
  if (only.has('web')) {
    console.log('');
    const webDir = path.resolve(ROOT, values['web-dir'] ?? 'dist/web');
    if (fs.existsSync(path.join(webDir, '.vite/manifest.json'))) {
      console.log(`web: gzipped JavaScript per entry (from ${webDir}, the last build)`);
      spawnSync(process.execPath, [path.join(ROOT, 'scripts/web-size.mjs'), webDir], { cwd: ROOT, stdio: 'inherit' });
    } else console.log(`web: no build in ${webDir} — run \`npm run build\` first (or pass --web-dir)`);
  }
  if (only.has('dashboard') && !onPostgres) {
    // without PostgreSQL: the dashboard bench seeds its own embedded database (never the generated one)
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      console.log('');
      await runDashboardBench();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  }
  console.log(`\nbench finished in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
