import { buildApp } from './app';
import { loadConfig } from './platform/config';
import type { AppContext } from './platform/context';
import { openDatabase } from './platform/db/client';
import { loadKey } from './platform/crypto';
import { FolderLockedError } from './platform/db/folder-lock';
import { startSweepTimer } from './platform/jobs';
import { DEMO_PASSWORD, demoAccounts, isSeeded, seedDemo, seedProduction } from './seed';

async function main() {
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (e) {
    if (e instanceof FolderLockedError) {
      console.error(`\n[枫桥] 无法启动：${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  loadKey(config.keyFile);
  const ctx: AppContext = { db: database.db, dbKind: database.kind, config, clock: () => new Date() };
  const where = database.kind === 'pglite' ? `内置数据库 ${config.dataDir}` : 'PostgreSQL';
  if (!(await isSeeded(ctx))) {
    if (config.demo) {
      console.log(`[枫桥] 首次启动：正在导入区划并生成演示数据（${where}）…`);
      await seedDemo(ctx);
    } else {
      const admin = await seedProduction(ctx);
      console.log('[枫桥] 已创建系统管理员账号(只显示这一次，首次登录须修改密码)：');
      console.log(`        用户名 ${admin.username}  密码 ${admin.password}`);
    }
  }
  const app = await buildApp({ ...ctx, logger: process.env.FENGQIAO_LOG === '1' });
  await app.listen({ port: config.port, host: config.host });
  const stopSweeps = startSweepTimer(ctx);
  const url = `http://localhost:${config.port}`;
  console.log(`\n[枫桥 Fengqiao] 已启动：${url}   (数据：${where})`);
  console.log(`  接口文档 ${url}/api/docs   健康检查 ${url}/api/health`);
  if (config.demo) {
    console.log(`\n  演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of await demoAccounts(ctx)) console.log(`    ${a.username.padEnd(16)} ${a.displayName}`);
  }
  const stop = async () => {
    stopSweeps();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
