/**
 * The journey through the web console in Chromium: a grid worker reports an event with a photo,
 * the town centre accepts it as 重点哨 and whistles 新兴派出所 (主办) and 新兴司法所 (协办), both 报到,
 * the police feed back and the justice office finishes its part, the centre closes it (after losing a race
 * and refreshing), the grid worker rates 不满意 and the centre decides the reopen request; the leader owns it.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

/** Opens an antd Select inside `scope` (found by its form label) and picks the option with that title. */
async function pick(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.locator('.ant-form-item', { hasText: label }).locator('.ant-select').first().click();
  // the dropdown just opened is the last one in the page; the previous select's may still be fading out
  await page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`)
    .last()
    .click();
}

async function status(page: Page): Promise<string> {
  return ((await page.getByTestId('case-detail').getByTestId('case-status').first().textContent()) ?? '').trim();
}

/** Clicks an action button, fills its payload form with `fill`, submits and waits for the modal to close. */
async function act(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(`action-form-${action}`) });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

async function switchUser(page: Page, url: string, username: string, browser: TestBrowser): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${url}/login`);
  await loginAs(page, url, username);
}

describe.skipIf(!hasChromium)('case desks in Chromium', () => {
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

  it('report → accept 重点哨 → 吹哨 → 报到 → feedback → close → 不满意 → reopen, leader 包案', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'cases');
    // —— the grid worker reports from 我的事件 with a photo and a point on the grid map
    await switchUser(page, server.url, 'grid_worker', browser);
    await page.goto(`${server.url}/my-cases`);
    await page.getByTestId('open-report').waitFor();
    const photo = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 320, height: 200 } });
    await page.getByTestId('open-report').click();
    const form = page.getByTestId('intake-form');
    await form.getByLabel('标题').fill('幸福路口井盖缺失');
    await form.getByLabel('事件描述').fill('幸福路口井盖缺失，夜间行人容易踩空，存在安全隐患');
    await pick(page, form, '事件分类', '市政设施');
    await form.getByLabel('联系电话').fill('1380013');
    await form.getByText('请输入11位手机号').waitFor();
    await form.getByLabel('联系电话').fill('13800138000');
    await form.getByTestId('intake-files').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: photo });
    await form.getByTestId('intake-file').getByText('现场照片.png').waitFor();
    const map = form.locator('[data-testid=location-picker] canvas').first();
    await map.waitFor();
    await expect.poll(async () => {
      const box = await map.boundingBox();
      if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      return form.getByTestId('picked-point').count();
    }, { timeout: 15_000 }).toBe(1);
    await form.getByTestId('picked-point').getByText(/网格/).waitFor();
    await screenshot(page, 'case-report');
    await form.getByTestId('intake-submit').click();
    await page.waitForURL(/\/my-cases\/\d+$/);
    const caseId = Number(new URL(page.url()).pathname.split('/').pop());
    const number = ((await page.getByTestId('case-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^SJ-620523101-\d{8}-\d{4}$/);
    expect(await status(page)).toBe('待受理');
    // the grid worker holding the case may settle it on the spot or pass it up
    await page.getByTestId('action-resolve_locally').waitFor();
    await page.getByTestId('action-escalate').waitFor();
    await page.getByRole('tab', { name: /附件/ }).click();
    await expect.poll(() => page.getByTestId('attachment-sha256').first().textContent()).toMatch(/^[0-9a-f]{64}$/);

    // —— the town centre: 待受理 desk → accept as 重点哨 → dispatch 主办 + 协办
    await switchUser(page, server.url, 'town_center', browser);
    await page.goto(`${server.url}/cases`);
    const intake = page.getByTestId('desk-intake');
    await intake.getByText(number).waitFor();
    expect(await page.getByTestId('desk-tab-intake').textContent()).toMatch(/待受理\s*[1-9]/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'case-desk');
    await intake.getByText(number).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.getByTestId('deadline-light').first().waitFor();
    await page.locator('[data-testid=case-map] canvas').first().waitFor();
    await screenshot(page, 'case-page');
    await act(page, 'accept', async (d) => {
      await d.locator('.ant-radio-button-wrapper', { hasText: '重点哨' }).click();
      await d.locator('.ant-radio-button-wrapper-checked', { hasText: '重点哨' }).waitFor();
    });
    await expect.poll(() => status(page)).toBe('已受理待派遣');
    await expect.poll(() => page.getByTestId('case-detail').textContent()).toContain('重点哨');

    await page.getByTestId('action-dispatch').click();
    const dispatch = page.locator('.ant-modal').filter({ has: page.getByTestId('action-form-dispatch') });
    await dispatch.getByTestId('action-submit').click();
    await dispatch.getByText('请选择主办部门').waitFor();
    await pick(page, dispatch, '主办部门', '新兴派出所');
    await pick(page, dispatch, '协办部门', '新兴司法所');
    await dispatch.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await dispatch.locator('.ant-select-selection-item', { hasText: '新兴司法所' }).waitFor();
    await screenshot(page, 'case-dispatch');
    await dispatch.getByTestId('action-submit').click();
    await dispatch.waitFor({ state: 'hidden' });
    await expect.poll(() => status(page)).toBe('已派遣待报到');
    await page.getByRole('tab', { name: /吹哨报到/ }).click();
    const table = page.getByTestId('dispatch-table');
    await table.getByText('新兴派出所').waitFor();
    expect(await table.textContent()).toMatch(/主办.*待报到/);

    // —— 新兴派出所 (主办): 待报到 desk → 报到 → 处置反馈
    await switchUser(page, server.url, 'dept_police', browser);
    await page.goto(`${server.url}/dept-cases`);
    await page.getByTestId('desk-dept_pending').getByText(number).waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'case-dept-desk');
    await page.getByTestId('desk-dept_pending').getByText(number).click();
    await act(page, 'acknowledge');
    await expect.poll(() => status(page)).toBe('办理中');
    await act(page, 'feedback', async (d) => {
      await d.getByLabel('处置情况').fill('已联系市政补装井盖，设置警示标志');
    });
    // the lead has fed back; the case waits for the co-handler
    await page.getByTestId('case-actions').waitFor({ state: 'detached' });
    expect(await status(page)).toBe('办理中');

    // —— 新兴司法所 (协办): 报到 → 协办完成
    await switchUser(page, server.url, 'dept_justice', browser);
    await page.goto(`${server.url}/dept-cases/${caseId}`);
    await act(page, 'acknowledge');
    await act(page, 'co_handle', async (d) => {
      await d.getByLabel('协办情况').fill('已做好周边群众解释工作');
    });
    await expect.poll(() => status(page)).toBe('已处置待核查');

    // —— the centre closes; first it loses a race to another change and refreshes
    await switchUser(page, server.url, 'town_center', browser);
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('action-close').waitFor();
    const current = (await (await page.request.get(`${server.url}/api/cases/${caseId}`)).json()) as { version: number };
    const other = await page.request.post(`${server.url}/api/cases/${caseId}/actions/supervise`, {
      headers: { 'x-requested-with': 'fengqiao' },
      data: { version: current.version, note: '请尽快核查结案' },
    });
    expect(other.status()).toBe(200);
    await page.getByTestId('action-close').click();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('case-conflict').getByText('该事件已被他人更新，请刷新后重试').waitFor();
    await page.getByTestId('case-conflict').getByRole('button', { name: /刷\s*新/ }).click();
    await page.getByTestId('case-conflict').waitFor({ state: 'detached' });
    await act(page, 'close', async (d) => {
      await d.getByLabel('核查意见').fill('现场核查井盖已补装');
    });
    await expect.poll(() => status(page)).toBe('已结案');

    // —— the grid worker rates 不满意 from 我的上报
    await switchUser(page, server.url, 'grid_worker', browser);
    await page.goto(`${server.url}/my-reports`);
    await page.getByTestId('desk-mine').getByText(number).click();
    await act(page, 'rate', async (d) => {
      await d.locator('.ant-radio-button-wrapper', { hasText: '不满意' }).click();
      await d.getByLabel('意见').fill('井盖又松动了');
    });
    await page.getByTestId('case-actions').waitFor({ state: 'detached' });
    expect(await status(page)).toBe('已结案');

    // —— the centre decides the reopen request
    await switchUser(page, server.url, 'town_center', browser);
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('action-uphold').waitFor();
    await act(page, 'reopen', async (d) => {
      await d.getByLabel('重新办理理由').fill('复查属实，重新办理');
    });
    await expect.poll(() => status(page)).toBe('办理中');
    await page.getByRole('tab', { name: '时间线' }).click();
    const timeline = page.getByTestId('case-timeline');
    await timeline.getByText(/决定重新办理/).waitFor();
    for (const text of ['受理，定为重点哨', '吹哨派遣', '(主办)报到', '(主办)处置反馈', '(协办)完成', '核查通过，结案', '上报人评价：不满意']) {
      expect(await timeline.textContent()).toContain(text);
    }

    // —— the leader owns the case and finds it on the leader desk
    await switchUser(page, server.url, 'leader', browser);
    await page.goto(`${server.url}/leader-cases/${caseId}`);
    await act(page, 'own');
    await page.getByTestId('case-detail').getByText('领导包案').waitFor();
    await page.goto(`${server.url}/leader-cases`);
    await page.getByTestId('desk-leader_owned').getByText(number).waitFor();
    await page.getByTestId('overdue-by-village').waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'case-leader-desk');

    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);
});
