import fs from 'node:fs';
import path from 'node:path';

export class FolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个枫桥进程(pid ${pid})使用。内置数据库不支持多个进程同时写入同一目录，` +
        `否则会丢失数据。请先停止那个进程，或用 FENGQIAO_DATA_DIR 指定另一个目录，多实例部署请使用 DATABASE_URL 连接 PostgreSQL。`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite does not lock its folder and two writers silently lose rows, so we do: an exclusive lock file
 * with our pid. A lock left by a dead process is taken over.
 */
export function acquireFolderLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'fengqiao.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) throw new FolderLockedError(dataDir, pid);
      if (pid === process.pid) throw new FolderLockedError(dataDir, pid);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}
