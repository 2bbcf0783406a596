/**
 * The real server as a child process (`node --import tsx src/server/main.ts`, as scripts/start.mjs runs it) on a
 * private database cloned from the test template: a PGlite data folder, or a PostgreSQL database made from the
 * template database. For tests that kill it and start it again on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type Database, type Db, openDatabase } from '../../src/server/platform/db/client';
import * as schema from '../../src/server/platform/db/schema';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { onPostgres, TEMPLATE_DIR, withDatabase } from './db-template';

/** The key the template's personal data was encrypted with (db-template.ts), so the server reads it back. */
const TEST_KEY_HEX = createHash('sha256').update('fengqiao-test-key').digest('hex');

export type ServerData = {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** opens the data directly (the server must not be running on a PGlite folder) */
  open: () => Promise<Database>;
  remove: () => Promise<void>;
};

/** A private copy of this run's seeded template. */
export async function cloneTemplateData(): Promise<ServerData> {
  if (onPostgres()) {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `fq_crash_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE fq_template_${process.env.FQ_TEST_RUN ?? 'local'}`);
    await admin.end();
    const databaseUrl = withDatabase(url, name);
    return {
      kind: 'postgres',
      env: { DATABASE_URL: databaseUrl, FENGQIAO_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fq-crash-pg-')) },
      open: () => openDatabase({ databaseUrl }),
      remove: async () => {
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-crash-'));
  const tarball = path.join(TEMPLATE_DIR, `template-${process.env.FQ_TEST_RUN ?? 'local'}.tar.gz`);
  // unpack the template into the folder the server will open
  const seedCopy = new PGlite(path.join(dataDir, 'pgdata'), { loadDataDir: new Blob([fs.readFileSync(tarball)]) });
  await seedCopy.waitReady;
  await seedCopy.close();
  return {
    kind: 'pglite',
    env: { DATABASE_URL: '', FENGQIAO_DATA_DIR: dataDir },
    open: async () => {
      const client = new PGlite(path.join(dataDir, 'pgdata'));
      await client.waitReady;
      return { db: drizzlePglite(client, { schema }) as unknown as Db, kind: 'pglite', close: () => client.close() };
    },
    remove: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export type RunningServer = { proc: ChildProcess; port: number; url: string; output: () => string };

export async function startServer(data: ServerData, port: number): Promise<RunningServer> {
  const root = path.resolve('.');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...data.env, PORT: String(port), HOST: '127.0.0.1', FENGQIAO_KEY: TEST_KEY_HEX, FENGQIAO_DEMO: '1', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // a busy machine (and a first start that compiles the TypeScript) can take a while
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { proc, port, url, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become healthy:\n${out.slice(-2000)}`);
}

export async function killHard(server: RunningServer): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const exited = new Promise((r) => server.proc.once('exit', r));
  server.proc.kill('SIGKILL');
  await exited;
}

export async function stopGently(server: RunningServer): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const exited = new Promise((r) => server.proc.once('exit', r));
  server.proc.kill('SIGTERM');
  await exited;
}

/** A cookie session over fetch, as a browser would hold it. */
export async function loginOver(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'fengqiao-test' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith('fq_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0];
}
