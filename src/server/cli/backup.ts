/**
 * npm run backup -- --out FILE [--with-key]
 *
 * One .tar.gz holding everything needed to bring the platform back (等保2.0 数据备份恢复):
 *   fengqiao-backup.json   manifest: database kind, time, migration, row count of every table, audit-chain check
 *   database/pgdata.tar    embedded database (PGlite dumpDataDir), taken under the folder lock: the app must be stopped
 *   database/postgres.dump PostgreSQL (pg_dump custom format; pg_dump must be on PATH)
 *   uploads/<sha256>       attachment files
 *   fengqiao.key           only with --with-key: the AES key of 身份证号 and phone numbers
 * Without the key a restored database cannot decrypt personal data; with it, the backup file is as secret as
 * the data itself. Keep the key apart from the backups unless you store them under the same protection.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { verifyAuditChain } from '../platform/audit';
import { loadConfig } from '../platform/config';
import type { Db } from '../platform/db/client';
import { acquireFolderLock } from '../platform/db/folder-lock';
import * as schema from '../platform/db/schema';

export const MANIFEST = 'fengqiao-backup.json';
export const PGLITE_ENTRY = 'database/pgdata.tar';
export const POSTGRES_ENTRY = 'database/postgres.dump';
export const KEY_ENTRY = 'fengqiao.key';

export type Manifest = {
  format: 1;
  kind: 'pglite' | 'postgres';
  createdAt: string;
  lastMigration: string | null;
  tables: Record<string, number>;
  audit: { ok: boolean; checked: number };
  uploads: number;
  includesKey: boolean;
};

// —— a small ustar writer and reader (tar is what operators can open with standard tools)

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`tar: name too long: ${name}`);
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  if (size < 8 ** 11) h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  else {
    // GNU base-256 for files of 8 GiB and more
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 255n);
      v >>= 8n;
    }
  }
  h.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0')}\0`, 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function readSize(h: Buffer): number {
  if (h[124] & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]);
    return Number(v);
  }
  return Number.parseInt(h.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
}

export class TarWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;
  constructor(file: string) {
    const out = fs.createWriteStream(file, { mode: 0o600 });
    this.gzip.pipe(out);
    this.done = new Promise((resolve, reject) => {
      out.on('finish', () => resolve());
      out.on('error', reject);
      this.gzip.on('error', reject);
    });
  }
  private async write(chunk: Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await new Promise((r) => this.gzip.once('drain', r));
  }
  async addBuffer(name: string, data: Buffer): Promise<void> {
    await this.write(header(name, data.length, new Date()));
    await this.write(data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) await this.write(Buffer.alloc(pad));
  }
  async addFile(name: string, file: string): Promise<void> {
    const st = fs.statSync(file);
    await this.write(header(name, st.size, st.mtime));
    let written = 0;
    for await (const chunk of fs.createReadStream(file)) {
      written += (chunk as Buffer).length;
      await this.write(chunk as Buffer);
    }
    if (written !== st.size) throw new Error(`${file} changed while it was being backed up`);
    const pad = (512 - (st.size % 512)) % 512;
    if (pad) await this.write(Buffer.alloc(pad));
  }
  async close(): Promise<void> {
    await this.write(Buffer.alloc(1024));
    this.gzip.end();
    await this.done;
  }
}

/** Unpacks a backup into a folder; entry names are checked so that nothing lands outside it. */
export async function extractTar(file: string, dir: string): Promise<string[]> {
  const names: string[] = [];
  let pending = Buffer.alloc(0);
  let out: fs.WriteStream | null = null;
  let remaining = 0;
  let skip = 0;
  let ended = false;
  const finish = async () => {
    if (!out) return;
    const s = out;
    out = null;
    await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
  };
  for await (const chunk of fs.createReadStream(file).pipe(createGunzip())) {
    pending = Buffer.concat([pending, chunk as Buffer]);
    while (!ended) {
      if (remaining > 0) {
        if (pending.length === 0) break;
        const part = pending.subarray(0, Math.min(remaining, pending.length));
        pending = pending.subarray(part.length);
        remaining -= part.length;
        const s = out as fs.WriteStream | null;
        if (s && !s.write(part)) await new Promise<void>((r) => s.once("drain", () => r()));
        if (remaining === 0) await finish();
        continue;
      }
      if (skip > 0) {
        const n = Math.min(skip, pending.length);
        pending = pending.subarray(n);
        skip -= n;
        if (skip > 0) break;
        continue;
      }
      if (pending.length < 512) break;
      const h = pending.subarray(0, 512);
      pending = pending.subarray(512);
      if (h.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      const size = readSize(h);
      const type = String.fromCharCode(h[156] || 48);
      const target = path.resolve(dir, name);
      if (!target.startsWith(path.resolve(dir) + path.sep) || name.includes('..')) throw new Error(`备份文件中有不安全的路径：${name}`);
      skip = (512 - (size % 512)) % 512;
      if (type !== '0') {
        remaining = 0;
        skip += size;
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      names.push(name);
      out = fs.createWriteStream(target, { mode: 0o600 });
      remaining = size;
      if (size === 0) await finish();
    }
    if (ended) break;
  }
  await finish();
  if (!ended) throw new Error('备份文件不完整(被截断或已损坏)');
  return names;
}

// —— database facts

/** Row count of every table in the public schema, by name. */
export async function countRows(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Record<string, number>> {
  const tables = await query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  const counts: Record<string, number> = {};
  for (const r of tables.rows) {
    const name = String(r.tablename);
    const res = await query(`SELECT count(*)::int AS n FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = Number(res.rows[0].n);
  }
  return counts;
}

export async function lastMigration(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<string | null> {
  try {
    const res = await query('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1');
    return res.rows[0] ? String(res.rows[0].hash) : null;
  } catch {
    return null;
  }
}

/** pg_dump / pg_restore from PATH, with a message that says what to install when they are missing. */
export function requireTool(tool: 'pg_dump' | 'pg_restore'): string {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `未找到 ${tool}：PostgreSQL 的备份与恢复需要 PostgreSQL 客户端工具(Debian/Ubuntu: apt-get install postgresql-client)，版本不低于数据库服务器。`,
    );
  }
  return r.stdout.trim();
}

/** libpq settings from a URL; the password goes through the environment, never the command line. */
export function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { args: [`--dbname=${u.toString()}`], env };
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} 失败(退出码 ${code})：${err.trim().slice(0, 2000)}`))));
  });
}

function pgQuery(client: pg.Client) {
  return async (sql: string) => ({ rows: (await client.query(sql)).rows as Record<string, unknown>[] });
}

function pgliteQuery(db: PGlite) {
  return async (sql: string) => ({ rows: (await db.query<Record<string, unknown>>(sql)).rows });
}

export type BackupOptions = {
  out: string;
  databaseUrl: string | null;
  dataDir: string;
  keyFile: string;
  withKey: boolean;
  /** FENGQIAO_KEY, when the key comes from the environment */
  keyFromEnv?: string | null;
};

export async function backup(opts: BackupOptions): Promise<Manifest> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-backup-'));
  const partial = `${opts.out}.partial`;
  const tar = new TarWriter(partial);
  try {
    let manifest: Omit<Manifest, 'uploads' | 'includesKey'>;
    if (opts.databaseUrl) {
      requireTool('pg_dump');
      const dump = path.join(work, 'postgres.dump');
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      await client.connect();
      try {
        // counts and the dump from one snapshot would need an exported snapshot; the app should be stopped
        const conn = pgConnection(opts.databaseUrl);
        await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, ...conn.args], conn.env);
        const db = drizzlePgClient(client);
        manifest = {
          format: 1,
          kind: 'postgres',
          createdAt: new Date().toISOString(),
          lastMigration: await lastMigration(pgQuery(client)),
          tables: await countRows(pgQuery(client)),
          audit: await auditSummary(db),
        };
      } finally {
        await client.end();
      }
      await tar.addFile(POSTGRES_ENTRY, dump);
    } else {
      const pgdata = path.join(opts.dataDir, 'pgdata');
      if (!fs.existsSync(pgdata)) throw new Error(`数据目录 ${opts.dataDir} 中没有内置数据库(pgdata)`);
      // the folder lock: a running app holds it, so a backup never copies a database in the middle of a write
      const release = acquireFolderLock(opts.dataDir);
      try {
        const db = new PGlite(pgdata);
        await db.waitReady;
        try {
          const query = pgliteQuery(db);
          manifest = {
            format: 1,
            kind: 'pglite',
            createdAt: new Date().toISOString(),
            lastMigration: await lastMigration(query),
            tables: await countRows(query),
            audit: await auditSummary(drizzlePglite(db, { schema }) as unknown as Db),
          };
          const blob = await db.dumpDataDir('none');
          const file = path.join(work, 'pgdata.tar');
          fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
          await tar.addFile(PGLITE_ENTRY, file);
        } finally {
          await db.close();
        }
      } finally {
        release();
      }
    }
    const uploadsDir = path.join(opts.dataDir, 'uploads');
    let uploads = 0;
    if (fs.existsSync(uploadsDir)) {
      for (const name of fs.readdirSync(uploadsDir).sort()) {
        const file = path.join(uploadsDir, name);
        if (!fs.statSync(file).isFile()) continue;
        await tar.addFile(`uploads/${name}`, file);
        uploads++;
      }
    }
    let includesKey = false;
    if (opts.withKey) {
      const key = opts.keyFromEnv?.trim() || (fs.existsSync(opts.keyFile) ? fs.readFileSync(opts.keyFile, 'utf8').trim() : '');
      if (!key) throw new Error(`找不到加密密钥(FENGQIAO_KEY 或 ${opts.keyFile})，无法按 --with-key 放入备份`);
      await tar.addBuffer(KEY_ENTRY, Buffer.from(key));
      includesKey = true;
    }
    const full: Manifest = { ...manifest, uploads, includesKey };
    await tar.addBuffer(MANIFEST, Buffer.from(JSON.stringify(full, null, 2)));
    await tar.close();
    fs.renameSync(partial, opts.out);
    return full;
  } catch (e) {
    await tar.close().catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function drizzlePgClient(client: pg.Client): Db {
  return drizzleNodePg(client, { schema }) as unknown as Db;
}

async function auditSummary(db: Db): Promise<{ ok: boolean; checked: number }> {
  const r = await verifyAuditChain(db);
  return { ok: r.ok, checked: r.checked };
}


// —— command line

export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

export function isMain(url: string): boolean {
  return !!process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(url);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const out = path.resolve(typeof args.out === 'string' ? args.out : `fengqiao-backup-${stamp}.tar.gz`);
  const m = await backup({
    out,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    keyFile: config.keyFile,
    withKey: args['with-key'] === true,
    keyFromEnv: process.env.FENGQIAO_KEY ?? null,
  });
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`[枫桥] 备份完成：${out}`);
  console.log(`  数据库 ${m.kind === 'pglite' ? '内置(PGlite)' : 'PostgreSQL'}，${Object.keys(m.tables).length} 张表 ${rows} 行，附件 ${m.uploads} 个`);
  console.log(`  审计日志 ${m.audit.checked} 条，哈希链${m.audit.ok ? '完整' : '已断开(备份前已被改动，请核查)'}`);
  if (m.includesKey) {
    console.log('  ⚠ 备份中包含加密密钥：此文件可解密全部身份证号和手机号，请按涉密数据保管。');
  } else {
    console.log('  ⚠ 备份中不含加密密钥：恢复时须另行提供同一密钥(FENGQIAO_KEY 或密钥文件)，否则无法解密身份证号和手机号。');
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(`[枫桥] 备份失败：${(e as Error).message}`);
    process.exit(1);
  });
}
