import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

/** The camera layer is a canvas: wait until ECharts painted the boundaries and the points. */
async function painted(page: import('playwright-core').Page, testId: string): Promise<number> {
  return page
    .locator(`[data-testid=${testId}] canvas`)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0) return 0;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4 * 97) if (data[i] > 0) n++;
      return n;
    });
}

describe.skipIf(!hasChromium)('cameras and notifications in Chromium', () => {
  let server: E2eServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('centre staff see the camera register, its map layer, cite a camera on a case, and the delivery log', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'cameras');
    await loginAs(page, server.url, 'town_center');

    await page.goto(`${server.url}/cameras`);
    const rows = page.locator('[data-testid=cameras] tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    expect(await page.locator('[data-testid=cameras]').textContent()).toContain('查看视频');
    await screenshot(page, 'cameras');
    await page.getByRole('tab', { name: '按网格统计' }).click();
    await page.locator('[data-testid=cameras-by-grid] tbody tr.ant-table-row').first().waitFor();
    await page.getByRole('tab', { name: '地图' }).click();
    await page.locator('[data-testid=camera-map] canvas').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => painted(page, 'camera-map'), { timeout: 20_000 }).toBeGreaterThan(50);
    expect(await page.getByTestId('camera-map-count').textContent()).toMatch(/共 \d+ 个视频点位/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'cameras-map');

    // the area page carries the same layer as a tab
    await page.goto(`${server.url}/areas?code=620523101001`);
    await page.getByRole('tab', { name: '视频点位' }).click();
    await expect.poll(() => painted(page, 'camera-map'), { timeout: 20_000 }).toBeGreaterThan(50);

    // a case cites a camera and a time from its 视频 tab; the link opens the video platform at that time
    const id = await page.evaluate(async () => {
      const r = await fetch('/api/cases?pageSize=50&area=620523101001001', { headers: { accept: 'application/json' } });
      const body = (await r.json()) as { items: { id: number; kind: string }[] };
      return body.items.find((i) => i.kind === 'event')?.id;
    });
    expect(id).toBeTypeOf('number');
    await page.goto(`${server.url}/cases/${id}`);
    await page.getByTestId('case-detail').waitFor();
    await page.getByRole('tab', { name: '视频' }).click();
    await page.getByTestId('camera-select').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.getByRole('button', { name: /引\s*用/ }).click();
    const link = page.locator('[data-testid=case-cameras] a', { hasText: '查看录像' });
    await link.first().waitFor();
    expect(await link.first().getAttribute('href')).toMatch(/^https:\/\/video\.example\/play\?id=\d{20}&t=\d{14}$/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'case-cameras');

    await page.goto(`${server.url}/notifications`);
    await page.getByRole('tab', { name: '发送记录' }).waitFor();
    await page.getByTestId('deliveries').waitFor();
    await page.getByRole('tab', { name: '我的接收设置' }).click();
    await page.getByTestId('my-preferences').waitFor();
    await screenshot(page, 'notifications');
    expect(errors).toEqual([]);
  }, 180_000);
});
