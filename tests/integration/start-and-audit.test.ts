/**
 * The embedded database as a user meets it: first start seeds, a second process on the same folder refuses
 * with a clear message, and `npm run audit:verify` passes until someone edits an audit row by hand.
 * (PGlite only: this is about the data folder.)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db-template';

const root = path.resolve('.');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-start-'));
const port = 3900 + Math.floor(Math.random() * 90);
const env = { ...process.env, FENGQIAO_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '' };
let server: ChildProcess | null = null;

function startServer(p: number) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: root, env: { ...env, PORT: String(p) } });
}

async function waitHealthy(p: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${p}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

afterAll(() => {
  server?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(onPostgres())('embedded database start-up', () => {
  it('seeds on first start and refuses a second process on the same folder', async () => {
    server = startServer(port);
    let out = '';
    server.stdout?.on('data', (d) => {
      out += d;
    });
    await waitHealthy(port);
    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, db: 'pglite' });
    expect(out).toContain('town_center');

    const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: { ...env, PORT: String(port + 1) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('正被另一个枫桥进程');

    // a failed login and a login leave audit records
    await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Demo@2026' }),
    });
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = null;
  }, 120_000);

  it('verifies the audit chain and detects a manual edit', async () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/audit-verify.ts'], { cwd: root, env, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('校验通过');

    const pg = new PGlite(path.join(dataDir, 'pgdata'));
    await pg.query(`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = (SELECT min(id) FROM audit_log)`);
    await pg.close();

    const broken = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/audit-verify.ts'], { cwd: root, env, encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('校验失败');
  }, 120_000);
});
