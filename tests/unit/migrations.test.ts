/** The committed migrations and the Drizzle schema agree: generating against them finds nothing to do. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

it('has a migration for every schema change', () => {
  // drizzle-kit takes --out relative to the working directory
  const tmp = path.join('.data-test', `migration-check-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.cpSync('drizzle', tmp, { recursive: true });
  const res = spawnSync(
    process.execPath,
    [
      'node_modules/drizzle-kit/bin.cjs',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      './src/server/platform/db/schema/*.ts',
      '--out',
      tmp,
      '--name',
      'drift',
    ],
    { encoding: 'utf8' },
  );
  const created = fs.readdirSync(tmp).filter((f) => f.endsWith('.sql'));
  const committed = fs.readdirSync('drizzle').filter((f) => f.endsWith('.sql'));
  fs.rmSync(tmp, { recursive: true, force: true });
  expect(res.status, res.stderr).toBe(0);
  expect(`${res.stdout}${res.stderr}`).toContain('No schema changes');
  expect(created).toEqual(committed);
});
