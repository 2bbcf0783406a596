// npm test: unit + integration on PGlite, integration again on PostgreSQL when TEST_DATABASE_URL is set,
// browser tests when Chromium is installed. Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const report = path.join(root, '.data-test');
fs.mkdirSync(report, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

function run(label, args, env = {}) {
  const out = path.join(report, `result-${label}.json`);
  fs.rmSync(out, { force: true });
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) ok = false;
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (j.numFailedTestSuites > 0) ok = false;
  } else ok = false;
}

const args = process.argv.slice(2);
const e2e = fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const projects = ['--project', 'unit', '--project', 'integration', ...(e2e ? ['--project', 'e2e'] : [])];
run('pglite', [...projects, ...args], { FQ_TEST_DB: 'pglite' });
if (process.env.TEST_DATABASE_URL) {
  run('postgres', ['--project', 'integration', ...args], { FQ_TEST_DB: 'postgres' });
} else {
  console.log('\n(TEST_DATABASE_URL not set: the PostgreSQL pass is skipped)');
}
if (!e2e) console.log('(Chromium not found at /usr/bin/chromium: browser tests skipped)');
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
