import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { loadConfig } from '../../src/server/platform/config';
import { setKeyForTests } from '../../src/server/platform/crypto';
import type { AppContext } from '../../src/server/platform/context';
import { type Database, type Db, MIGRATIONS_DIR, openDatabase } from '../../src/server/platform/db/client';
import * as schema from '../../src/server/platform/db/schema';
import { seedDemo } from '../../src/server/seed';

export const TEMPLATE_DIR = path.resolve('.data-test');
const pgliteTemplate = () => path.join(TEMPLATE_DIR, `template-${process.env.FQ_TEST_RUN ?? 'local'}.tar.gz`);
/** Named per run (the global setup sets FQ_TEST_RUN before the workers start) so concurrent runs don't collide. */
const pgTemplateDb = () => `fq_template_${process.env.FQ_TEST_RUN ?? 'local'}`;

export function onPostgres(): boolean {
  return process.env.FQ_TEST_DB === 'postgres' && !!process.env.TEST_DATABASE_URL;
}

setKeyForTests(createHash('sha256').update('fengqiao-test-key').digest());

export function testConfig() {
  return { ...loadConfig({ ...process.env, NODE_ENV: 'test', FENGQIAO_DEMO: '1' }), dataDir: TEMPLATE_DIR };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Built once per run by the global setup: migrated and seeded with the demo data. */
export async function buildTemplate(): Promise<void> {
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const config = testConfig();
  if (onPostgres()) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgTemplateDb()}`);
    await admin.query(`CREATE DATABASE ${pgTemplateDb()}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(process.env.TEST_DATABASE_URL!, pgTemplateDb()) });
    await seedDemo({ db: database.db, dbKind: database.kind, config, clock: () => new Date() });
    await database.close();
    return;
  }
  const client = new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  await seedDemo({ db: db as unknown as Db, dbKind: 'pglite', config, clock: () => new Date() });
  const dump = await client.dumpDataDir('gzip');
  fs.writeFileSync(pgliteTemplate(), Buffer.from(await dump.arrayBuffer()));
  await client.close();
}

/** A fresh copy of the seeded template for one test file. */
export async function openTestDatabase(): Promise<Database> {
  if (onPostgres()) {
    const name = `fq_t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateDb()}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    return {
      ...database,
      close: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(pgliteTemplate())]);
  const client = new PGlite({ loadDataDir: blob });
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}

export type { AppContext };

/** Removes this run's template (global teardown). */
export async function dropTemplate(): Promise<void> {
  fs.rmSync(pgliteTemplate(), { force: true });
  if (onPostgres()) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgTemplateDb()} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
