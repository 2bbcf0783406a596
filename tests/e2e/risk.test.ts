/**
 * 风险预警 in Chromium: a grid worker's red signal (filed through the API as the phone does) appears in the
 * town centre's 预警处置 inbox at once; the centre acknowledges it from the page; the risk map and trend draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../src/domain/risk/policy';
import { type E2eServer, hasChromium, launchBrowser, loginAs, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

describe.skipIf(!hasChromium)('risk warnings in Chromium', () => {
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

  it('a red signal reaches the town centre inbox and is acknowledged there', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'risk');

    await loginAs(page, server.url, 'grid_worker');
    const filed = await page.request.post(`${server.url}/api/risk/weekly-reports`, {
      headers: { 'x-requested-with': 'fengqiao' },
      data: {
        week: isoWeekOf(new Date()),
        gridCode: '620523101001001',
        summary: '本周总体平稳。',
        signals: [{ category: 'mass_incident_sign', grade: 'red', description: '浏览器测试：务工人员商议集体讨薪' }],
      },
    });
    expect(filed.status(), await filed.text()).toBe(201);

    await browser.context.clearCookies();
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/risk/warnings`);
    const row = page.locator('[data-testid=risk-warnings] tr', { hasText: '浏览器测试：务工人员商议集体讨薪' });
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.textContent()).toContain('红色');
    await expect.poll(() => row.textContent()).toContain('待签收');
    await row.getByRole('button', { name: /签\s*收/ }).click();
    await page.getByText('已签收').first().waitFor();
    await expect.poll(() => row.textContent()).toContain('已签收');

    await page.goto(`${server.url}/risk/map`);
    const canvas = page.locator('[data-testid=risk-map] canvas');
    await canvas.first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=risk-trend] canvas').first().waitFor({ timeout: 20_000 });
    await page.goto(`${server.url}/risk/weekly`);
    await page.locator('[data-testid=risk-missing]').getByText(/应报 \d+ 个网格/).waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
