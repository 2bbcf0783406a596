/**
 * Start-up: `npm start` (scripts/start.mjs) until GET /api/health answers, on a fresh data folder (migrations, region
 * import, demo seed) and again on the now-existing folder. Embedded database (PGlite), as a town runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, tmpDir } from './support';

export type StartupResult = { freshMs: number; existingMs: number; script: string };

function webIsBuilt(): boolean {
  return fs.existsSync(path.join(ROOT, 'dist/web/index.html'));
}

export async function runStartup(): Promise<StartupResult> {
  const dir = tmpDir('fq-bench-start-');
  // npm start builds the web app when it is missing or stale; measure the server alone when no build is present
  const script = webIsBuilt() ? 'scripts/start.mjs' : 'src/server/main.ts';
  const env = { FENGQIAO_DATA_DIR: dir, DATABASE_URL: '', FENGQIAO_KEY: '' };
  const opts = script.endsWith('.mjs') ? { script } : {};
  try {
    const fresh = await startServer(env, opts);
    await fresh.stop();
    // the folder lock goes when the server has closed its database
    for (let i = 0; i < 100 && fs.existsSync(path.join(dir, 'fengqiao.lock')); i++) await new Promise((r) => setTimeout(r, 100));
    const existing = await startServer(env, opts);
    await existing.stop();
    return { freshMs: fresh.startedMs, existingMs: existing.startedMs, script };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printStartup(r: StartupResult): void {
  console.log('');
  console.log(`| start-up (${r.script} → /api/health 200, embedded database) | time |`);
  console.log('|---|---|');
  console.log(`| fresh data folder (migrate, import regions, seed demo) | ${(r.freshMs / 1000).toFixed(1)} s |`);
  console.log(`| existing data folder | ${(r.existingMs / 1000).toFixed(1)} s |`);
}
