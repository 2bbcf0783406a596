/**
 * End-to-end helpers: Debian's Chromium driven by playwright-core, and the real server (buildApp over a
 * fresh copy of the seeded test database) listening on a random port and serving the built web app.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp, WEB_DIST } from '../../src/server/app';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { openTestDatabase, testConfig } from './db-template';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** e2e suites use `describe.skipIf(!hasChromium)` */
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export type TestBrowser = { context: BrowserContext; newPage: () => Promise<Page>; close: () => Promise<void> };

/** A Chromium with a fresh profile (its own user-data dir, removed on close). */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/web when it is missing or older than the web sources (the e2e tests the current code). */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const root = path.resolve(WEB_DIST, '../..');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(root, 'src/web')), newestMtime(path.join(root, 'src/contracts')));
  if (built >= sources) return;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give a development build of React and antd
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

export type E2eServer = {
  app: FastifyInstance;
  url: string;
  /** moves the clock the server sees (session idle timeout, deadlines) */
  setNow: (d: Date | null) => void;
  close: () => Promise<void>;
};

/** The real app over a fresh copy of the demo database, on a random local port. */
export async function startE2eServer(): Promise<E2eServer> {
  ensureWebBuilt();
  const database = await openTestDatabase();
  let now: Date | null = null;
  const app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    config: testConfig(),
    clock: () => now ?? new Date(),
    serveWeb: true,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    setNow: (d) => {
      now = d;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Logs in through the login page as a real user would (staying on it when the app already sent us there). */
export async function loginAs(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!new URL(page.url(), baseUrl).pathname.startsWith('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export const SCREENSHOT_DIR = path.resolve('docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
