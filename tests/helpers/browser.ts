/**
 * End-to-end helpers: Debian's Chromium driven by playwright-core, and the real server (buildApp over a
 * fresh copy of the seeded test database) listening on a random port and serving a build of the web app.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { buildApp, WEB_DIST } from '../../src/server/app';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { onTestFailed } from 'vitest';
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

const ROOT = path.resolve(WEB_DIST, '../..');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The web app the e2e tests load, built once per test run into a private folder. dist/web is shared by
 * everyone working in this tree (npm start, other runs rebuild it and delete its chunks under a running
 * test), so the tests never serve it; a private build also always tests the current sources.
 */
export function buildWebSnapshot(): string {
  const dir = path.join(os.tmpdir(), `fq-web-e2e-${process.env.FQ_TEST_RUN ?? process.pid}`);
  if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would give a development build of React and antd
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) throw new Error('vite build failed');
  // snapshots of earlier runs older than a day are left-overs
  for (const e of fs.readdirSync(os.tmpdir())) {
    const p = path.join(os.tmpdir(), e);
    if (e.startsWith('fq-web-e2e-') && p !== dir && Date.now() - fs.statSync(p).mtimeMs > 86_400_000) {
      fs.rmSync(p, { recursive: true, force: true });
    }
  }
  return dir;
}

/** Serves the snapshot like the app serves dist/web: files, m.html under /m, index.html for the rest. */
function serveSnapshot(app: FastifyInstance, dir: string): void {
  const indexHtml = fs.readFileSync(path.join(dir, 'index.html'));
  const mobilePath = path.join(dir, 'm.html');
  const mobileHtml = fs.existsSync(mobilePath) ? fs.readFileSync(mobilePath) : indexHtml;
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const url = decodeURIComponent(req.url.split('?')[0]);
    if (url.startsWith('/api') || url.startsWith('/open311')) return;
    const ext = path.extname(url);
    if (ext && url !== '/') {
      const file = path.resolve(dir, `.${path.posix.normalize(url)}`);
      if (file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return reply.type(MIME[ext] ?? 'application/octet-stream').send(fs.readFileSync(file));
      }
      return reply.code(404).send('');
    }
    const html = url === '/m' || url.startsWith('/m/') ? mobileHtml : indexHtml;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}

export type E2eServer = {
  app: FastifyInstance;
  url: string;
  /** moves the clock the server sees (session idle timeout, deadlines) */
  setNow: (d: Date | null) => void;
  close: () => Promise<void>;
};

/** The real app (routes, sessions, CSP headers) over a fresh copy of the demo database, on a random local port. */
export async function startE2eServer(): Promise<E2eServer> {
  const web = buildWebSnapshot();
  const database = await openTestDatabase();
  let now: Date | null = null;
  const app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    config: testConfig(),
    clock: () => now ?? new Date(),
    serveWeb: false,
  });
  serveSnapshot(app, web);
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

/**
 * Screenshots go to docs/screenshots only when asked (FQ_SCREENSHOTS=1 npm test), so an ordinary run leaves the
 * tracked pictures alone; otherwise to a temporary folder, still taken so a broken page fails the same way.
 */
export const SCREENSHOT_DIR =
  process.env.FQ_SCREENSHOTS === '1' ? path.resolve('docs/screenshots') : path.join(os.tmpdir(), 'fq-e2e-screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Collects uncaught page errors (tests assert there are none) and keeps a screenshot of a failing test. */
export function watchErrors(page: Page, name: string): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  onTestFailed(async () => {
    const file = path.join(os.tmpdir(), `fq-e2e-${name}-failure.png`);
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`screenshot of the failure: ${file}`);
  });
  return errors;
}

/**
 * Chooses an option of an antd Select until `shown` (the select's own text, or the text of `within`) contains
 * `expect`: on a loaded machine a click can land while the dropdown still animates in or its options still render,
 * and then nothing is chosen — so open and click again until the choice shows, for up to 30 s.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  option: string | RegExp,
  opts: { shows?: string | RegExp; within?: Locator; last?: boolean } = {},
): Promise<void> {
  const shows = opts.shows ?? option;
  const text = async () => ((await (opts.within ?? select).textContent()) ?? '').trim();
  const matches = (s: string) => (typeof shows === 'string' ? s.includes(shows) : shows.test(s));
  const deadline = Date.now() + 30_000;
  while (!matches(await text())) {
    if (Date.now() > deadline) throw new Error(`the select did not take the option ${String(option)} (it shows "${await text()}")`);
    await select.click();
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option });
    await (opts.last ? options.last() : options.first())
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page.waitForTimeout(200);
  }
}
