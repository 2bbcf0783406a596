/**
 * 数据备份恢复 (issue 11 §6): `npm run backup` / `npm run restore` on the embedded database (its folder, under
 * the folder lock) and on PostgreSQL (pg_dump/pg_restore). A restore into a fresh folder or database has the
 * same row count in every table and an audit chain that verifies; attachments and (optionally) the key come back.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, countRows, extractTar, TarWriter } from '../../src/server/cli/backup';
import { restore } from '../../src/server/cli/restore';
import { acquireFolderLock, FolderLockedError } from '../../src/server/platform/db/folder-lock';
import { onPostgres, TEMPLATE_DIR, withDatabase } from '../helpers/db-template';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-backup-test-'));
const KEY = 'ab'.repeat(32);
const pgDumpFound = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;
const dropAfter: string[] = [];

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (dropAfter.length) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const d of dropAfter) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
});

function cli(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/server/cli/${script}.ts`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FENGQIAO_KEY: '', ...env },
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('backup file format', () => {
  it('round-trips files through the tar writer and refuses unsafe or truncated archives', async () => {
    const file = path.join(tmp, 'x.tar.gz');
    const w = new TarWriter(file);
    const big = Buffer.alloc(70_000, 7);
    await w.addBuffer('a/b.txt', Buffer.from('枫桥'));
    await w.addBuffer('empty', Buffer.alloc(0));
    await w.addBuffer('big.bin', big);
    await w.close();
    const out = path.join(tmp, 'x');
    expect(await extractTar(file, out)).toEqual(['a/b.txt', 'empty', 'big.bin']);
    expect(fs.readFileSync(path.join(out, 'a/b.txt'), 'utf8')).toBe('枫桥');
    expect(fs.readFileSync(path.join(out, 'big.bin')).equals(big)).toBe(true);
    // the system tar reads it too
    const tar = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    if (tar.status === 0) expect(tar.stdout.trim().split('\n')).toEqual(['a/b.txt', 'empty', 'big.bin']);

    const evil = path.join(tmp, 'evil.tar.gz');
    const e = new TarWriter(evil);
    await e.addBuffer('../escape.txt', Buffer.from('x'));
    await e.close();
    await expect(extractTar(evil, path.join(tmp, 'evil'))).rejects.toThrow(/不安全的路径/);
    const cut = path.join(tmp, 'cut.tar.gz');
    const zlib = await import('node:zlib');
    fs.writeFileSync(cut, zlib.gzipSync(zlib.gunzipSync(fs.readFileSync(file)).subarray(0, 1024)));
    await expect(extractTar(cut, path.join(tmp, 'cut'))).rejects.toThrow(/不完整/);
  });
});

describe.skipIf(onPostgres())('embedded database (PGlite folder)', () => {
  it('npm run backup → restore into a fresh folder: same rows per table, audit chain verifies, files and key back', { timeout: 240_000 }, async () => {
    const src = path.join(tmp, 'src');
    fs.mkdirSync(src, { recursive: true });
    const template = path.join(TEMPLATE_DIR, `template-${process.env.FQ_TEST_RUN ?? 'local'}.tar.gz`);
    const seeded = new PGlite(path.join(src, 'pgdata'), { loadDataDir: new Blob([fs.readFileSync(template)]) });
    const before = await countRows(async (sql) => ({ rows: (await seeded.query<Record<string, unknown>>(sql)).rows }));
    await seeded.close();
    expect(before.audit_log).toBeGreaterThan(0);
    expect(before.users).toBeGreaterThan(5);
    fs.mkdirSync(path.join(src, 'uploads'));
    fs.writeFileSync(path.join(src, 'uploads', 'f'.repeat(64)), 'photo bytes');
    fs.writeFileSync(path.join(src, 'fengqiao.key'), KEY);

    // a running app holds the folder lock: no backup of a database in use
    const release = acquireFolderLock(src);
    const never = path.join(tmp, 'never.tar.gz');
    await expect(backup({ out: never, databaseUrl: null, dataDir: src, keyFile: path.join(src, 'fengqiao.key'), withKey: false })).rejects.toBeInstanceOf(
      FolderLockedError,
    );
    release();
    expect(fs.existsSync(never)).toBe(false);

    const file = path.join(tmp, 'pglite-backup.tar.gz');
    const made = cli('backup', ['--out', file, '--with-key'], { FENGQIAO_DATA_DIR: src, DATABASE_URL: '' });
    expect(made.status, made.out).toBe(0);
    expect(made.out).toMatch(/备份完成/);
    expect(made.out).toMatch(/包含加密密钥/);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');

    // a different key where the restore would put it: refused before anything is written
    const dst = path.join(tmp, 'dst');
    fs.mkdirSync(dst);
    fs.writeFileSync(path.join(dst, 'fengqiao.key'), 'cd'.repeat(32));
    const opts = { file, databaseUrl: null, dataDir: dst, keyFile: path.join(dst, 'fengqiao.key'), force: false };
    await expect(restore(opts)).rejects.toThrow(/密钥/);
    expect(fs.existsSync(path.join(dst, 'pgdata'))).toBe(false);
    fs.rmSync(path.join(dst, 'fengqiao.key'));

    const r = await restore(opts);
    expect(r.tables).toEqual(before);
    expect(r.mismatches).toEqual([]);
    expect(r.audit).toEqual({ ok: true, checked: before.audit_log });
    expect(r.uploads).toBe(1);
    expect(r.key).toBe('restored');
    expect(fs.readFileSync(path.join(dst, 'uploads', 'f'.repeat(64)), 'utf8')).toBe('photo bytes');
    expect(fs.readFileSync(path.join(dst, 'fengqiao.key'), 'utf8')).toBe(KEY);
    // a folder that has a database is not overwritten without --force
    await expect(restore(opts)).rejects.toThrow(/已有数据库/);
  });
});

describe.runIf(onPostgres() && pgDumpFound)('PostgreSQL (pg_dump / pg_restore)', () => {
  it('backs up a seeded database and restores it into an empty one: same rows per table, audit chain verifies', async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const suffix = `${process.pid}_${Date.now()}`;
    const srcName = `fq_bk_src_${suffix}`;
    const dstName = `fq_bk_dst_${suffix}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${srcName} TEMPLATE fq_template_${process.env.FQ_TEST_RUN ?? 'local'}`);
    await admin.query(`CREATE DATABASE ${dstName}`);
    await admin.end();
    dropAfter.push(srcName, dstName);
    const srcUrl = withDatabase(base, srcName);
    const dstUrl = withDatabase(base, dstName);
    const dataDir = path.join(tmp, 'pg-files');
    fs.mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'uploads', 'e'.repeat(64)), 'pdf bytes');

    const file = path.join(tmp, 'pg-backup.tar.gz');
    const m = await backup({ out: file, databaseUrl: srcUrl, dataDir, keyFile: path.join(dataDir, 'none.key'), withKey: false });
    expect(m.kind).toBe('postgres');
    expect(m.audit.ok).toBe(true);
    expect(m.tables.audit_log).toBeGreaterThan(0);
    expect(m.includesKey).toBe(false);

    const restoredDir = path.join(tmp, 'pg-restored-files');
    const r = await restore({ file, databaseUrl: dstUrl, dataDir: restoredDir, keyFile: path.join(restoredDir, 'k'), force: false });
    expect(r.mismatches).toEqual([]);
    expect(r.tables).toEqual(m.tables);
    expect(r.audit).toEqual({ ok: true, checked: m.tables.audit_log });
    expect(r.key).toBe('absent');
    expect(fs.existsSync(path.join(restoredDir, 'uploads', 'e'.repeat(64)))).toBe(true);
    // a second restore into the now non-empty database needs --force
    await expect(restore({ file, databaseUrl: dstUrl, dataDir: restoredDir, keyFile: path.join(restoredDir, 'k'), force: false })).rejects.toThrow(/已有数据表/);
    // a PostgreSQL backup is not restored into a folder by mistake
    await expect(restore({ file, databaseUrl: null, dataDir: restoredDir, keyFile: path.join(restoredDir, 'k'), force: false })).rejects.toThrow(/DATABASE_URL/);
  });
});
