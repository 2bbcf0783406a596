/** Shared pieces of the benchmarks: machine line, percentiles, a keep-alive HTTP client, the app as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function machineLine(): string {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}, load ${load}`;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type HttpResult = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** A keep-alive client with up to `sockets` connections: real HTTP, like browsers and phones behind nginx. */
export function httpClient(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(base);
  let cookie = '';
  const request = (method: string, p: string, body?: unknown): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path: p,
          agent,
          headers: {
            'x-requested-with': 'fengqiao-bench',
            ...(cookie ? { cookie } : {}),
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  return {
    request,
    async login(username: string, password: string) {
      const r = await request('POST', '/api/auth/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.body.slice(0, 200)}`);
      const set = r.headers['set-cookie'] ?? [];
      cookie = (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]).find((c) => c.startsWith('fq_session=')) ?? '';
    },
    close: () => agent.destroy(),
  };
}

/** Runs `task` `total` times with `concurrency` in flight; returns the latencies and the wall time. */
export async function drive(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number; errors: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown = null;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = performance.now();
        try {
          await task(i);
          latencies.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= e;
        }
      }
    }),
  );
  if (firstError) console.log(`  (${errors} errors; first: ${(firstError as Error).message.slice(0, 200)})`);
  return { latencies, seconds: (performance.now() - t0) / 1000, errors };
}

export type AppProcess = { base: string; child: ChildProcess; stop: () => Promise<void>; startedMs: number };

/** Starts `node --import tsx src/server/main.ts` (or `npm start`'s script) and waits for /api/health. */
export async function startServer(env: NodeJS.ProcessEnv, opts: { script?: string; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<AppProcess> {
  const port = await freePort();
  const t0 = performance.now();
  const args = [...(opts.nodeArgs ?? []), ...(opts.script ? [path.join(ROOT, opts.script)] : ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: `npm start` runs the server as a grandchild, which must stop with it
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out.slice(-2000)}`);
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`server not healthy in time:\n${out.slice(-2000)}`);
    }
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const startedMs = performance.now() - t0;
  return {
    base,
    child,
    startedMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const killer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        killGroup(child, 'SIGTERM');
      }),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
