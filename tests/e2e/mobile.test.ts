/**
 * The phone pages in Chromium at 360×740: the grid worker's offline outbox (one case however often it is sent,
 * conflicts shown rather than overwritten) and the resident's report → track → rate loop.
 */
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { isoWeekOf } from '../../src/domain/risk/policy';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { type E2eServer, hasChromium, launchBrowser, screenshot, startE2eServer, type TestBrowser } from '../helpers/browser';
import { Client } from '../helpers/test-app';

const PHONE = { width: 360, height: 740 };
/** a 2×2 PNG: enough for the browser to decode, resize and re-encode as JPEG */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

function watchErrors(page: Page, name: string): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  onTestFailed(async () => {
    const file = path.join(os.tmpdir(), `fq-e2e-${name}-failure.png`);
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`screenshot of the failure: ${file}`);
  });
  return errors;
}

async function phoneLogin(page: Page, username: string): Promise<void> {
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function noSideScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

type Queued = { key: string; body: Record<string, unknown>; path: string; state: string; message?: string };
function readOutbox(page: Page): Promise<Queued[]> {
  return page.evaluate(
    () =>
      new Promise<Queued[]>((resolve, reject) => {
        const open = indexedDB.open('fq-mobile', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as Queued[]);
          };
        };
      }),
  );
}

describe.skipIf(!hasChromium)('phone pages in Chromium (360×740)', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  const api = async (username: string) => {
    const c = new Client(server.app);
    const r = await c.post('/api/auth/login', { username, password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser({ viewport: PHONE });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('grid worker reports offline: queued with a fixed key, sent once on reconnect, a resend makes no second case', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'mobile-worker');
    const gw = await api('grid_worker');

    await page.goto(`${server.url}/m/worker`);
    await phoneLogin(page, 'grid_worker');
    await page.getByTestId('grid-stats').waitFor();
    await page.getByTestId('due-visits').waitFor();
    // installable: manifest linked, service worker controls the app shell
    expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/m/manifest.webmanifest');
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope))).toBe(`${server.url}/m/worker`);
    await expect.poll(() => page.locator('[data-testid=grid-stats] b').first().textContent()).not.toBe('–');
    await noSideScroll(page);
    await screenshot(page, 'mobile-worker-home');

    await page.getByRole('button', { name: /上报事件/ }).click();
    await expect.poll(() => page.locator('select').first().locator('option').count()).toBeGreaterThan(0);

    await browser.context.setOffline(true);
    await page.getByText('离线：没有网络').waitFor();
    const title = '东街12号门口井盖破损(离线上报)';
    await page.getByPlaceholder('一句话说清楚').fill(title);
    await page.getByPlaceholder('发生了什么').fill('井盖松动，夜里有行人踩空的危险');
    await page.locator('input[type=file]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await page.getByAltText('照片1').waitFor();
    await page.getByPlaceholder('如：东街12号门口').fill('东街12号门口');
    await noSideScroll(page);
    await screenshot(page, 'mobile-worker-report');
    await page.getByRole('button', { name: '先存下，有网后自动上报' }).click();

    await page.getByText('待同步 1 条').waitFor();
    await page.getByTestId('outbox-pending').getByText(`上报事件：${title}`).waitFor();
    const queued = await readOutbox(page);
    expect(queued).toHaveLength(1);
    expect(queued[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect((await gw.get(`/api/cases?desk=mine&q=${encodeURIComponent(title)}`)).body.total).toBe(0);
    await screenshot(page, 'mobile-worker-offline');

    // reopened without a connection: the service worker serves the shell, the queue is still there
    await page.reload();
    await page.getByText('离线：没有网络').waitFor();
    await page.getByText('待同步 1 条').waitFor();
    expect(await readOutbox(page)).toHaveLength(1);

    await browser.context.setOffline(false);
    await page.getByTestId('outbox-pending').getByText('全部已同步').waitFor({ timeout: 20_000 });
    expect(await page.getByText(/待同步 \d+ 条/).count()).toBe(0);
    expect((await readOutbox(page)).map((i) => `${i.state} ${i.message ?? ''}`)).toEqual([]);

    const list = await gw.get(`/api/cases?desk=mine&q=${encodeURIComponent(title)}`);
    expect(list.body.total).toBe(1);
    const id: number = list.body.items[0].id;
    const detail = await gw.get(`/api/cases/${id}`);
    expect(detail.body.areaCode).toBe('620523101001001');
    expect(detail.body.address).toBe('东街12号门口');
    expect(detail.body.attachments).toHaveLength(1);
    expect(detail.body.attachments[0].mime).toBe('image/jpeg');

    // the phone sends the same queued request again (its answer was lost): the server replays, no second case
    const resend = await page.evaluate(
      async ({ key, body }) => {
        const r = await fetch('/api/cases', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch', 'idempotency-key': key },
          body: JSON.stringify(body),
        });
        return { status: r.status, replayed: r.headers.get('idempotent-replayed'), id: ((await r.json()) as { id: number }).id };
      },
      { key: queued[0].key, body: queued[0].body },
    );
    expect(resend).toEqual({ status: 201, replayed: 'true', id });
    expect((await gw.get(`/api/cases?desk=mine&q=${encodeURIComponent(title)}`)).body.total).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('records a visit; an action queued offline on a case that moved on becomes a conflict with the server state, not an overwrite', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'mobile-conflict');
    const gw = await api('grid_worker');
    const made = await gw.post('/api/cases', { kind: 'event', title: '北巷路灯不亮', categoryCode: 'municipal', areaCode: '620523101001001' });
    expect(made.status).toBe(201);
    const id: number = made.body.id;

    // a visit to a special person due for one, recorded from the home screen
    await page.goto(`${server.url}/m/worker`);
    await page.getByTestId('due-visits').locator('button.m-row').first().click();
    await page.waitForURL(/\/m\/worker\/visit\/\d+$/);
    const personId = Number(new URL(page.url()).pathname.split('/').pop());
    const before = (await gw.get(`/api/visits?mine=1&specialPersonId=${personId}`)).body.total;
    await page.getByPlaceholder('精神状态').fill('情绪稳定，按时服药，家属在家照看');
    await page.getByRole('button', { name: '保存走访' }).click();
    await page.getByTestId('grid-stats').waitFor();
    await expect.poll(async () => (await gw.get(`/api/visits?mine=1&specialPersonId=${personId}`)).body.total, { timeout: 20_000 }).toBe(before + 1);

    await page.goto(`${server.url}/m/worker/tasks/${id}`);
    await page.getByRole('button', { name: '就地化解' }).waitFor();
    await browser.context.setOffline(true);
    await page.getByRole('button', { name: '就地化解' }).click();
    await page.locator('textarea').fill('已联系物业更换灯泡');
    await page.getByRole('button', { name: /提交/ }).click();
    await page.getByText('待同步 1 条').waitFor();

    // meanwhile the case moves on at the server (escalated from another device)
    const esc = await gw.post(`/api/cases/${id}/actions/escalate`, { version: made.body.version, reason: '涉及线路改造，网格解决不了' });
    expect(esc.status).toBe(200);

    await browser.context.setOffline(false);
    await page.getByText(/冲突 1 条/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '同步' }).click();
    const conflicts = page.getByTestId('outbox-conflicts');
    await conflicts.getByText('您的操作：就地化解：北巷路灯不亮').waitFor();
    await conflicts.getByText('已联系物业更换灯泡', { exact: false }).waitFor();
    await conflicts.getByText('已上报上级').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-worker-conflict');
    // nothing was overwritten
    expect((await gw.get(`/api/cases/${id}`)).body.status).toBe('escalated');

    await conflicts.getByRole('button', { name: '放弃我的操作' }).click();
    await conflicts.getByText('没有冲突').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a resident reports with a phone number, follows the plain-words timeline, rates, and tracks by number', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'mobile-resident');
    await page.goto(`${server.url}/m`);
    await page.getByRole('heading', { name: '随手拍 · 随手报' }).waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-resident-home');
    await page.getByRole('button', { name: '登录后反映问题' }).click();
    await phoneLogin(page, 'resident');
    await page.getByTestId('village-figures').getByText(/满意率/).waitFor();

    await page.getByPlaceholder('如：村口路灯不亮了').fill('小区门口垃圾三天没人清');
    await expect.poll(() => page.locator('select').first().locator('option').count()).toBeGreaterThan(0);
    await page.locator('textarea').fill('天热有味道，麻烦尽快清运');
    await page.getByPlaceholder('如：姚庄社区3号楼东侧').fill('姚庄社区3号楼东侧');
    await page.getByPlaceholder('11位手机号').fill('13800001234');
    await page.locator('input[type=file]').setInputFiles({ name: 'rubbish.png', mimeType: 'image/png', buffer: PNG });
    await page.getByAltText('照片1').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-resident-report');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const number = (await page.getByTestId('case-number').textContent())!;
    expect(number).toMatch(/^SJ-620523101-\d{8}-\d{4}$/);
    await screenshot(page, 'mobile-resident-done');

    // the town centre handles it and closes it
    const tc = await api('town_center');
    const found = await tc.get(`/api/cases?q=${number}`);
    expect(found.body.total).toBe(1);
    const id: number = found.body.items[0].id;
    const step = async (action: string, body: Record<string, unknown> = {}) => {
      const v = (await tc.get(`/api/cases/${id}`)).body.version;
      const r = await tc.post(`/api/cases/${id}/actions/${action}`, { version: v, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step('accept', { grade: 'routine' });
    await step('handle_self');
    await step('feedback', { result: '已安排环卫清运' });
    await step('close', { note: '现场已清理干净' });

    await page.getByRole('button', { name: '查进度' }).click();
    await page.getByTestId('my-reports').getByText('小区门口垃圾三天没人清').click();
    await page.getByTestId('timeline').getByText('您反映的问题已提交，等待受理').waitFor();
    await page.getByTestId('rate').waitFor();
    await page.getByRole('button', { name: '满意', exact: true }).click();
    await noSideScroll(page);
    await screenshot(page, 'mobile-resident-progress');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('rated').getByText('谢谢您的评价！').waitFor();
    const after = await tc.get(`/api/cases/${id}`);
    expect(after.body.status).toBe('evaluated');
    expect(after.body.rating).toBe('satisfied');

    // anyone with the number and the phone can follow it, without signing in
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByPlaceholder('如：SJ-').fill(number);
    await page.getByPlaceholder('11位手机号').fill('13800001234');
    await page.getByRole('button', { name: '查询' }).click();
    const track = page.getByTestId('track-result');
    await track.getByText('已评价').waitFor();
    await track.getByText('您的评价：满意').waitFor();
    await screenshot(page, 'mobile-resident-track');

    await page.getByRole('button', { name: '政策法规' }).click();
    await page.getByTestId('policy-list').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-resident-policy');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('someone without an account reports with a phone number (village picked by name), gets the number and tracks it', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'mobile-anonymous');
    const me = await (await api('resident')).get('/api/auth/me');
    const village: string = me.body.scopes[0].name;
    await page.goto(`${server.url}/m`);
    await page.getByRole('button', { name: '不登录，留手机号反映' }).click();
    await page.getByPlaceholder('村或社区名字').fill(village);
    await page.getByTestId('village-options').getByText(village, { exact: true }).first().click();
    await page.getByTestId('picked-village').waitFor();
    await page.getByPlaceholder('如：村口路灯不亮了').fill('村口路灯坏了一个星期');
    await page.getByPlaceholder('11位手机号').fill('13700005678');
    await page.locator('input[type=file]').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG });
    await page.getByAltText('照片1').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-resident-anonymous');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const number = (await page.getByTestId('case-number').textContent())!;
    expect(number).toMatch(/^SJ-620523101-\d{8}-\d{4}$/);
    const tc = await api('town_center');
    const found = await tc.get(`/api/cases?q=${number}`);
    expect(found.body.items[0]).toMatchObject({ status: 'reported', areaCode: me.body.scopes[0].code });
    expect((await tc.get(`/api/cases/${found.body.items[0].id}`)).body.attachments).toHaveLength(1);
    await page.getByRole('button', { name: '查看进度' }).click();
    await page.getByPlaceholder('如：SJ-').fill(number);
    await page.getByPlaceholder('11位手机号').fill('13700005678');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('track-result').getByText('您反映的问题已提交，等待受理').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('grid worker files this week’s 一周一结 with a red signal; it lands in the town centre’s warning inbox', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'mobile-weekly');
    await browser.context.grantPermissions(['geolocation'], { origin: server.url });
    await browser.context.setGeolocation({ longitude: 105.3325, latitude: 34.7312 });
    const grid = '620523101001001';
    const week = isoWeekOf(new Date());

    await page.goto(`${server.url}/m/worker`);
    await phoneLogin(page, 'grid_worker');
    await page.getByRole('button', { name: /一周一结/ }).click();
    await page.getByRole('button', { name: '填写本周一周一结' }).click();
    await page.getByPlaceholder('如：本周走访32户').fill('本周走访28户，群众主要关心冬季供暖和村道维修。');
    await page.getByRole('button', { name: '＋ 添加风险信号' }).click();
    const signal = page.getByTestId('weekly-signal-0');
    await signal.locator('select').selectOption('public_security');
    await signal.getByRole('radio', { name: '红色' }).click();
    await signal.getByTestId('weekly-red-hint').waitFor();
    await signal.getByPlaceholder('什么人、什么事').fill('两户因宅基地争执，一方扬言报复，情绪激动');
    await signal.getByRole('button', { name: '用我的位置' }).click();
    await signal.getByText('已定位：105.33250, 34.73120').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-worker-weekly-form');
    await page.getByRole('button', { name: '报送', exact: true }).click();
    await page.getByTestId('weekly-sent').getByText(/已报送/).waitFor({ timeout: 20_000 });
    await page.getByText('两户因宅基地争执').waitFor();
    await noSideScroll(page);
    await screenshot(page, 'mobile-worker-weekly');

    const gw = await api('grid_worker');
    const list = await gw.get(`/api/risk/weekly-reports?area=${grid}&week=${week}`);
    expect(list.body.total).toBe(1);
    const report = await gw.get(`/api/risk/weekly-reports/${list.body.items[0].id}`);
    expect(report.body.signals).toHaveLength(1);
    const red = report.body.signals[0];
    expect(red).toMatchObject({ grade: 'red', category: 'public_security', lng: 105.3325, lat: 34.7312 });

    const tc = await api('town_center');
    const inbox = await tc.get('/api/risk/warnings?inbox=1&pageSize=100');
    expect(inbox.status).toBe(200);
    const warning = inbox.body.items.find((w: { signalId: number | null }) => w.signalId === red.id);
    expect(warning).toMatchObject({ grade: 'red', holderCode: '620523101', areaCode: grid });

    // edited offline before the week closes: queued, then sent as a PATCH that keeps the signal's id
    await browser.context.setOffline(true);
    await page.getByRole('button', { name: '修改本周报告' }).click();
    await page.getByPlaceholder('如：本周走访32户').fill('本周走访30户，补记：村道维修已列入计划。');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('weekly-queued').getByText(/待同步/).waitFor();
    await browser.context.setOffline(false);
    await page.getByTestId('weekly-sent').getByText(/最后修改/).waitFor({ timeout: 20_000 });
    const edited = await gw.get(`/api/risk/weekly-reports/${report.body.id}`);
    expect(edited.body.summary).toBe('本周走访30户，补记：村道维修已列入计划。');
    expect(edited.body.signals.map((x: { id: number }) => x.id)).toEqual([red.id]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
