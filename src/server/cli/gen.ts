/**
 * npm run gen -- --scale town|city [--database-url postgres://…] [--data-dir ./data] [--fraction 0.1] [--end YYYY-MM-DD]
 *
 * Fills a database with deterministic scale data on top of the demo seed (seeded first when the database is empty).
 * Without --database-url (or DATABASE_URL) it writes the embedded database in --data-dir / FENGQIAO_DATA_DIR.
 * Use the same FENGQIAO_KEY (or key file) as the app that will read the data: 身份证号 are encrypted with it.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import type { AppContext } from '../platform/context';
import { loadKey } from '../platform/crypto';
import { openDatabase } from '../platform/db/client';
import { isSeeded, seedDemo } from '../seed';
import { defaultEndDay, generate, resolvePlan, type Scale } from './gen-data';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'town' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    fraction: { type: 'string', default: '1' },
    end: { type: 'string' },
  },
});
const scale = values.scale as Scale;
if (scale !== 'town' && scale !== 'city') {
  console.error('--scale must be town or city');
  process.exit(2);
}
const env: NodeJS.ProcessEnv = { ...process.env, FENGQIAO_DEMO: '1' };
if (values['database-url']) env.DATABASE_URL = values['database-url'];
if (values['data-dir']) env.FENGQIAO_DATA_DIR = values['data-dir'];
const config = loadConfig(env);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
loadKey(config.keyFile, env);
const ctx: AppContext = { db: database.db, dbKind: database.kind, config, clock: () => new Date() };
const where = database.kind === 'postgres' ? 'PostgreSQL' : `PGlite ${config.dataDir}`;
try {
  if (!(await isSeeded(ctx))) {
    const t = Date.now();
    console.log(`[gen] empty database (${where}): seeding the demo first …`);
    await seedDemo(ctx);
    console.log(`[gen] demo seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const plan = await resolvePlan(ctx.db, scale, Number(values.fraction));
  const end = values.end ?? defaultEndDay(new Date());
  console.log(
    `[gen] ${scale} scale into ${where}: ${plan.grids} grids under ${plan.root}, ${plan.residents} residents, ${plan.cases} cases, ${plan.visits} visits, ${plan.days} days up to ${end}`,
  );
  await generate(ctx, plan, end, (m) => console.log(`[gen] ${m}`));
} finally {
  await database.close();
}
