import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

describe.skipIf(!hasChromium)('实有人口 and 重点人群 in Chromium', () => {
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

  it('town_center opens 实有人口 and reveals a full ID number after giving a reason', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'people');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/people`);
    const rows = page.locator('[data-testid=people-table] tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 20_000 });
    // numbers are masked in the list
    const masked = await rows.first().locator('td').nth(2).textContent();
    expect(masked).toMatch(/\*/);
    await page.getByText(/共 \d+ 人/).first().waitFor();
    await screenshot(page, 'people-list');

    await rows.first().locator('td').first().getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: /人员信息/ });
    await drawer.getByText('家庭成员').waitFor();
    await drawer.getByRole('button', { name: /查看完整号码/ }).first().click();
    const modal = page.getByRole('dialog', { name: /查看完整/ });
    // the reason is required: the form says so before anything is sent
    await modal.getByRole('button', { name: /查\s*看/ }).click();
    await modal.getByText('请填写查看原因').waitFor();
    await modal.getByTestId('reveal-reason').fill('核对低保申请人身份');
    await modal.getByRole('button', { name: /查\s*看/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await drawer.getByText(/^\d{17}[\dX]$/).waitFor();
    await screenshot(page, 'people-reveal');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('town_center opens 重点人群 and changes a risk level, seeing the recomputed due date', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'special');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/special`);
    const rows = page.locator('[data-testid=special-table] tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'people-special-list');

    await rows.first().locator('td').first().getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: /重点人员：/ });
    await drawer.getByText('帮扶小组(五帮一)').waitFor();
    const current = (await drawer.locator('.ant-select').first().textContent())?.trim() ?? '';
    const target = current === '5级' ? '4级' : '5级';
    await drawer.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${target}$`) }).click();
    await drawer.getByTestId('risk-reason').fill('近期情绪不稳定，有打砸行为');
    await drawer.getByRole('button', { name: /确认调整/ }).click();
    const result = drawer.getByTestId('risk-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(new RegExp(`风险等级已调整为${target}，下次随访时间重算为 \\d{4}-\\d{2}-\\d{2}`));
    await screenshot(page, 'people-special-risk');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
