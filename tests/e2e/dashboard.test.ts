/**
 * The 驾驶舱 in Chromium: a county centre sees 甘谷县 with its KPI cards equal to the API's figures (which the
 * integration suite compares with the ledgers), the grid map painted, drill-down to a town by a click, the
 * records behind a figure in a modal; screenshots of 甘谷县 and 新兴镇 at 1920×1080 and 1366×768 go to docs/screenshots/ (FQ_SCREENSHOTS=1).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser } from '../helpers/browser';

async function waitForPaintedCanvas(page: Page, testId: string): Promise<void> {
  const canvas = page.locator(`[data-testid=${testId}] canvas`);
  await canvas.first().waitFor({ timeout: 30_000 });
  await expect
    .poll(
      () =>
        canvas.first().evaluate((c: HTMLCanvasElement) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0) return 0;
          const { data } = ctx.getImageData(0, 0, c.width, c.height);
          let painted = 0;
          for (let i = 3; i < data.length; i += 4 * 97) if (data[i] > 0) painted++;
          return painted;
        }),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(50);
}

describe.skipIf(!hasChromium)('驾驶舱 (dashboard)', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows 甘谷县 figures equal to the API, the grid map, and drills down to 新兴镇', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_center');
    await page.goto(`${server.url}/dashboard?area=620523`);
    await expect.poll(() => page.getByTestId('dash-area').textContent(), { timeout: 30_000 }).toContain('甘谷县');
    await waitForPaintedCanvas(page, 'dash-map');

    // the card shows what the API says, with numerator and denominator
    const api = await page.evaluate(async () => {
      const now = new Date(Date.now() + 8 * 3_600_000);
      const to = now.toISOString().slice(0, 10);
      const from = `${now.getUTCFullYear()}-01-01`;
      const r = await fetch(`/api/metrics/dashboard?area=620523&from=${from}&to=${to}`);
      return (await r.json()) as { indicators: { id: string; numerator: number; denominator: number | null; value: number | null }[] };
    });
    const reported = api.indicators.find((f) => f.id === 'reported')!;
    const close = api.indicators.find((f) => f.id === 'close_rate')!;
    await expect.poll(() => page.getByTestId('kpi-reported').textContent()).toContain(`${reported.numerator}件`);
    const closeText = await page.getByTestId('kpi-close_rate').textContent();
    expect(closeText).toContain(`${close.numerator} / ${close.denominator}`);

    await page.waitForTimeout(800);
    await screenshot(page, 'dashboard-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(1200);
    await screenshot(page, 'dashboard-1366');
    // at 1366×768 every KPI card holds its text (nothing clipped or spilling), and the map and the ranking are on screen
    const cards = await page.locator('[data-testid^=kpi-]').evaluateAll((els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const spill = [...el.children].some((c) => {
          const r = c.getBoundingClientRect();
          return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || c.scrollWidth > c.clientWidth + 1;
        });
        return { id: el.getAttribute('data-testid'), width: box.width, overflows: spill || el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1 };
      }),
    );
    expect(cards.length).toBeGreaterThanOrEqual(6);
    expect(cards.filter((c) => c.overflows || c.width < 40)).toEqual([]);
    for (const id of ['dash-map', 'dash-ranking']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(150);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1366 + 1);
      expect(box!.y + 100).toBeLessThanOrEqual(768);
    }

    // the records behind a figure
    await page.getByTestId('kpi-close_rate').click();
    await expect.poll(() => page.locator('.ant-modal .ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('.ant-modal').textContent()).toContain(`共 ${close.numerator} 条`);
    await page.keyboard.press('Escape');

    // drill down: click the town
    await page.locator('.dash-children button', { hasText: '新兴镇' }).click();
    await expect.poll(() => page.getByTestId('dash-area').textContent(), { timeout: 30_000 }).toContain('新兴镇');
    await waitForPaintedCanvas(page, 'dash-map');
    expect(page.url()).toContain('area=620523101');
    await page.waitForTimeout(800);
    await screenshot(page, 'dashboard-xinxing-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(1200);
    await screenshot(page, 'dashboard-xinxing-1920');
    expect(errors).toEqual([]);
  }, 240_000);
});
