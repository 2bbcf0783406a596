/**
 * npm run restore -- --in FILE [--force]
 *
 * Restores a backup made by `npm run backup` into the configured database (FENGQIAO_DATA_DIR or DATABASE_URL),
 * then proves it: the row count of every table equals the manifest and the audit hash chain verifies.
 * Stop the app first. The embedded database is guarded by its folder lock; a folder that already holds a
 * database is moved aside (pgdata.replaced-<time>) only with --force. PostgreSQL: the target database must be
 * empty unless --force (then pg_restore --clean replaces the objects).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { verifyAuditChain } from '../platform/audit';
import { loadConfig } from '../platform/config';
import type { Db } from '../platform/db/client';
import { acquireFolderLock } from '../platform/db/folder-lock';
import * as schema from '../platform/db/schema';
import {
  countRows,
  extractTar,
  isMain,
  KEY_ENTRY,
  MANIFEST,
  type Manifest,
  PGLITE_ENTRY,
  POSTGRES_ENTRY,
  parseArgs,
  pgConnection,
  requireTool,
  run,
} from './backup';

export type RestoreOptions = {
  file: string;
  databaseUrl: string | null;
  dataDir: string;
  keyFile: string;
  force: boolean;
  keyFromEnv?: string | null;
};

export type RestoreResult = {
  manifest: Manifest;
  tables: Record<string, number>;
  audit: { ok: boolean; checked: number };
  uploads: number;
  key: 'restored' | 'kept' | 'absent';
  mismatches: string[];
};

function compare(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [t, n] of Object.entries(expected)) if (actual[t] !== n) out.push(`${t}: 备份 ${n} 行，恢复后 ${actual[t] ?? '无此表'}`);
  return out;
}

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-restore-'));
  try {
    await extractTar(opts.file, work);
    const manifestFile = path.join(work, MANIFEST);
    if (!fs.existsSync(manifestFile)) throw new Error('这不是枫桥的备份文件(缺少 fengqiao-backup.json)');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.format !== 1) throw new Error(`不支持的备份格式 ${manifest.format}`);
    if ((manifest.kind === 'postgres') !== !!opts.databaseUrl) {
      throw new Error(
        manifest.kind === 'postgres'
          ? '这是 PostgreSQL 的备份：请设置 DATABASE_URL 指向要恢复到的数据库'
          : '这是内置数据库(PGlite)的备份：请不要设置 DATABASE_URL，用 FENGQIAO_DATA_DIR 指定要恢复到的目录',
      );
    }

    // the key is checked before anything is written: a wrong key would leave personal data unreadable
    const keyFrom = path.join(work, KEY_ENTRY);
    const keyInBackup = fs.existsSync(keyFrom) ? fs.readFileSync(keyFrom, 'utf8').trim() : null;
    const envKey = opts.keyFromEnv?.trim();
    const currentKey = fs.existsSync(opts.keyFile) ? fs.readFileSync(opts.keyFile, 'utf8').trim() : null;
    if (keyInBackup && envKey && envKey.toLowerCase() !== keyInBackup.toLowerCase()) {
      throw new Error('备份中的加密密钥与环境变量 FENGQIAO_KEY 不同：请把 FENGQIAO_KEY 改为备份时的密钥');
    }
    if (keyInBackup && !envKey && currentKey && currentKey !== keyInBackup && !opts.force) {
      throw new Error(`密钥文件 ${opts.keyFile} 与备份中的密钥不同；确认要替换请加 --force`);
    }

    let tables: Record<string, number>;
    let audit: { ok: boolean; checked: number };
    if (opts.databaseUrl) {
      requireTool('pg_restore');
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      await client.connect();
      try {
        const existing = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'drizzle')");
        if (existing.rows[0].n > 0 && !opts.force) {
          throw new Error('目标数据库中已有数据表。为防止误覆盖，请恢复到一个新建的空数据库，或确认后加 --force 覆盖');
        }
        const conn = pgConnection(opts.databaseUrl);
        const clean = existing.rows[0].n > 0 ? ['--clean', '--if-exists'] : [];
        await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', ...clean, ...conn.args, path.join(work, POSTGRES_ENTRY)], conn.env);
        const query = async (sql: string) => ({ rows: (await client.query(sql)).rows as Record<string, unknown>[] });
        tables = await countRows(query);
        const r = await verifyAuditChain(drizzleNodePg(client, { schema }) as unknown as Db);
        audit = { ok: r.ok, checked: r.checked };
      } finally {
        await client.end();
      }
    } else {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      const release = acquireFolderLock(opts.dataDir);
      try {
        const pgdata = path.join(opts.dataDir, 'pgdata');
        if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
          if (!opts.force) throw new Error(`目录 ${opts.dataDir} 中已有数据库。为防止误覆盖，请恢复到新目录，或确认后加 --force(原数据库会改名保留)`);
          fs.renameSync(pgdata, `${pgdata}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`);
        }
        const blob = await fs.openAsBlob(path.join(work, PGLITE_ENTRY));
        const db = new PGlite(pgdata, { loadDataDir: blob });
        await db.waitReady;
        try {
          tables = await countRows(async (sql) => ({ rows: (await db.query<Record<string, unknown>>(sql)).rows }));
          const r = await verifyAuditChain(drizzlePglite(db, { schema }) as unknown as Db);
          audit = { ok: r.ok, checked: r.checked };
        } finally {
          await db.close();
        }
      } finally {
        release();
      }
    }

    // attachments: content-addressed by SHA-256, so a file already present is the same file
    const uploadsFrom = path.join(work, 'uploads');
    let uploads = 0;
    if (fs.existsSync(uploadsFrom)) {
      const to = path.join(opts.dataDir, 'uploads');
      fs.mkdirSync(to, { recursive: true });
      for (const name of fs.readdirSync(uploadsFrom)) {
        const target = path.join(to, name);
        if (!fs.existsSync(target)) fs.copyFileSync(path.join(uploadsFrom, name), target);
        uploads++;
      }
    }

    let key: RestoreResult['key'] = 'absent';
    if (keyInBackup) {
      if (envKey || currentKey === keyInBackup) key = 'kept';
      else {
        fs.mkdirSync(path.dirname(opts.keyFile), { recursive: true });
        fs.writeFileSync(opts.keyFile, keyInBackup, { mode: 0o600 });
        key = 'restored';
      }
    }

    return { manifest, tables, audit, uploads, key, mismatches: compare(manifest.tables, tables) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.in !== 'string') {
    console.error('用法：npm run restore -- --in 备份文件.tar.gz [--force]');
    process.exit(2);
  }
  const config = loadConfig();
  const r = await restore({
    file: path.resolve(args.in),
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    keyFile: config.keyFile,
    force: args.force === true,
    keyFromEnv: process.env.FENGQIAO_KEY ?? null,
  });
  const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
  console.log(`[枫桥] 已恢复 ${r.manifest.createdAt} 的备份：${Object.keys(r.tables).length} 张表 ${rows} 行，附件 ${r.uploads} 个`);
  console.log(`  审计日志 ${r.audit.checked} 条，哈希链${r.audit.ok ? '完整' : '已断开'}`);
  if (r.key === 'absent') console.log('  ⚠ 备份中没有加密密钥：请确认本机使用备份时的同一密钥，否则身份证号和手机号无法解密。');
  if (r.mismatches.length) {
    console.error(`  ✗ 行数与备份不一致：\n    ${r.mismatches.join('\n    ')}`);
    process.exit(1);
  }
  if (!r.audit.ok) process.exit(1);
  console.log('  ✓ 每张表的行数与备份一致。');
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(`[枫桥] 恢复失败：${(e as Error).message}`);
    process.exit(1);
  });
}
