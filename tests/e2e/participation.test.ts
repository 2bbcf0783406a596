import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors, chooseOption } from '../helpers/browser';

describe.skipIf(!hasChromium)('participation pages in Chromium', () => {
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

  it('a 四议两公开 procedure page shows its six steps and the server refuses a skipped step', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'four-step');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/four-step`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: '进行中' }).first().click();
    await page.waitForURL(/\/four-step\/\d+$/);
    const steps = page.getByTestId('four-step-steps');
    await steps.waitFor();
    expect(await steps.locator('.ant-steps-item').count()).toBe(6);
    for (const label of ['村党组织提议', '村"两委"会议商议', '党员大会审议', '村民会议或村民代表会议决议', '决议公开', '实施结果公开'])
      await steps.getByText(label, { exact: true }).waitFor();

    await screenshot(page, 'participation-four-step');

    // try to jump to 决议公开: the server's message shows on the step field
    const form = page.getByTestId('step-form');
    await form.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '5. 决议公开' }).click();
    await form.locator('textarea').fill('跳过中间步骤直接公开');
    await form.getByRole('button', { name: /登\s*记/ }).click();
    await form.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await form.locator('.ant-form-item-explain-error').first().textContent()).toMatch(/须按“四议两公开”的顺序办理/);
    await screenshot(page, 'participation-four-step-refused');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('village_cadre sees 为民服务 and the votes list with quorum', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'service');
    await loginAs(page, server.url, 'village_cadre');
    await page.goto(`${server.url}/votes`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    await page.getByText(/法定人数/).first().waitFor();
    await screenshot(page, 'participation-votes');
    await page.goto(`${server.url}/service-orders`);
    await page.getByTestId('service-table').waitFor();

    // the community places an order for a resident and dispatches it to the party members
    await page.getByRole('button', { name: /代群众点单/ }).click();
    const place = page.getByRole('dialog', { name: '代群众点单' });
    await chooseOption(page, place.locator('.ant-select').first(), '代办代购');
    await place.getByLabel('服务需求').fill('独居老人需要代购降压药');
    await place.getByLabel('详细说明').fill('姚庄社区3号院李大爷行动不便，需要代购降压药两盒');
    await place.getByRole('button', { name: /确\s*定|OK/ }).click();
    await place.waitFor({ state: 'hidden' });
    const row = page.getByTestId('service-table').locator('tbody tr.ant-table-row').filter({ hasText: '独居老人需要代购降压药' });
    await row.getByText('待派单').waitFor();
    await row.click();
    const drawer = page.getByRole('dialog', { name: /服务单/ });
    await drawer.getByRole('button', { name: /^派\s*单$/ }).click();
    const dispatch = page.getByRole('dialog', { name: '派单' });
    await dispatch.getByLabel('派单说明').fill('请就近党员上门');
    await dispatch.getByRole('button', { name: /确\s*定|OK/ }).click();
    await drawer.getByText('待接单').waitFor();
    await drawer.getByText(/下单给本辖区党员志愿者/).waitFor();
    await screenshot(page, 'participation-service-order');
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
    await row.getByText('待接单').waitFor();
    await screenshot(page, 'participation-service-orders');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
