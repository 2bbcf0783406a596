// npm run audit:verify — walks the audit hash chain of the configured database and exits 1 if it is broken.
import { verifyAuditChain } from '../platform/audit';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/client';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const result = await verifyAuditChain(database.db);
await database.close();
if (result.ok) {
  console.log(`审计日志校验通过：共 ${result.checked} 条，哈希链完整。`);
} else {
  console.error(`审计日志校验失败：第 ${result.brokenAt} 条记录处 ${result.reason}（此前 ${result.checked} 条完整）。`);
  process.exit(1);
}
