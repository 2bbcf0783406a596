import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckDigit, makeIdCard } from '../../src/domain/id-card';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
// antd's closing animation can outlast the default second on a loaded machine
const noDropdown = (page: Page) => expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
/** The form item labelled `label` inside `scope`. */
const item = (scope: Locator, label: string) => scope.locator('.ant-form-item', { has: scope.page().locator(`label[title="${label}"]`) });

/** Opens a Select, optionally types to search the server, clicks the first option containing `option`. */
async function pick(page: Page, select: Locator, option: string | RegExp, search?: string): Promise<void> {
  await select.click();
  if (search !== undefined) await select.locator('input').fill(search);
  await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`).filter({ hasText: option }).first().click();
  // a multiple Select stays open; Escape on a closed one would close the drawer around it
  if (await select.evaluate((el) => el.classList.contains('ant-select-multiple'))) await page.keyboard.press('Escape');
  await noDropdown(page);
}

/** China's date of today, as the server counts due dates. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

// one run's records: a fresh household number and a valid, unused 身份证号
const RUN = Date.now() % 100_000;
const HOUSEHOLD_NO = `E2E-${RUN}`;
const HEAD = `测试户主${RUN}`;
const HEAD_ID = makeIdCard('620523', '19750412', RUN % 997);
const BAD_ID = HEAD_ID.slice(0, 17) + (idCardCheckDigit(HEAD_ID.slice(0, 17)) === '1' ? '2' : '1');
const GRID = '620523101001001';

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
    // the level shown once the record has loaded (read too early it is empty, and "5级" may be no change at all)
    const levelSelect = drawer.locator('.ant-select').first();
    await expect.poll(async () => (await levelSelect.textContent())?.trim() ?? '', { timeout: 10_000 }).toMatch(/^\d级$/);
    const current = (await levelSelect.textContent())?.trim() ?? '';
    const target = current === '5级' ? '4级' : '5级';
    await pick(page, levelSelect, new RegExp(`^${target}$`));
    await drawer.getByTestId('risk-reason').fill('近期情绪不稳定，有打砸行为');
    await drawer.getByRole('button', { name: /确认调整/ }).click();
    const result = drawer.getByTestId('risk-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(new RegExp(`风险等级已调整为${target}，下次随访时间重算为 \\d{4}-\\d{2}-\\d{2}`));
    await screenshot(page, 'people-special-risk');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('town_center creates a household and its head through the forms, the 身份证号 checked as typed', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'people-forms');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/people`);
    await page.getByRole('tab', { name: '户' }).click();
    await page.getByRole('button', { name: /新建户/ }).click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('household-form') });
    // the area search goes by name; the option shows the code
    await pick(page, item(modal, '所属网格').locator('.ant-select'), GRID, '第1网格');
    await modal.getByTestId('household-no').fill(HOUSEHOLD_NO);
    await pick(page, item(modal, '户标签').locator('.ant-select'), '低保');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await modal.waitFor({ state: 'hidden' });

    // the new household opens; its first member is the head
    const drawer = page.getByRole('dialog', { name: `户号 ${HOUSEHOLD_NO}` });
    await drawer.getByTestId('household-add-member').click();
    const form = page.getByRole('dialog', { name: '登记人员' });
    await form.getByTestId('person-name').fill(HEAD);
    await form.getByTestId('person-idcard').fill(BAD_ID);
    await form.getByText('身份证号校验位不正确').waitFor();
    await form.getByTestId('person-idcard').fill(HEAD_ID);
    await form.getByText('身份证号校验位不正确').waitFor({ state: 'hidden' });
    expect(await item(form, '与户主关系').locator('.ant-select').textContent()).toContain('户主');
    await pick(page, item(form, '标签').locator('.ant-select'), '退役军人');
    await form.getByTestId('person-save').click();
    await form.waitFor({ state: 'hidden' });
    await drawer.getByTestId('household-members').getByText(HEAD).waitFor();
    expect(await drawer.getByTestId('household-members').textContent()).toMatch(/620523\*+\d{3}[\dX]/);

    // the same number again: the server's message shows on the field
    await drawer.getByTestId('household-add-member').click();
    await form.getByTestId('person-name').fill(`${HEAD}重复`);
    await form.getByTestId('person-idcard').fill(HEAD_ID);
    await form.getByTestId('person-save').click();
    await item(form, '身份证号').getByText('该身份证号已登记').waitFor();
    await screenshot(page, 'people-person-form');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('town_center registers a 精神障碍 patient at level 0, sets the 五帮一 team with the picker, raises to level 3 and records a follow-up', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'special-forms');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/special`);
    await page.getByRole('button', { name: /登记重点人员/ }).click();
    const form = page.getByRole('dialog', { name: '登记重点人员' });
    await pick(page, item(form, '人员').locator('.ant-select'), HEAD, HEAD);
    await pick(page, item(form, '类别').locator('.ant-select'), '严重精神障碍患者');
    // the category's own fields appear, from its schema
    await pick(page, item(form, '诊断类型').locator('.ant-select'), '精神分裂症');
    await pick(page, item(form, '治疗情况').locator('.ant-select'), '规律服药');
    await item(form, '监护人姓名').locator('input').fill('测试监护人');
    await item(form, '已签订监护协议').locator('button[role=switch]').click();
    expect(await item(form, '风险等级').textContent()).toContain('0级');
    // 五帮一: the guardian typed, the police officer picked by name from the town's staff
    const rows = form.getByTestId('team-editor');
    await rows.getByTestId('team-guardian-0').fill('测试监护人');
    await pick(page, form.getByTestId('team-row-3').locator('.ant-select').nth(1), /派出所/);
    await screenshot(page, 'people-special-form');
    await form.getByTestId('special-save').click();
    await form.waitFor({ state: 'hidden' });

    const drawer = page.getByRole('dialog', { name: `重点人员：${HEAD}` });
    await drawer.getByText('精神分裂症').waitFor();
    await drawer.getByTestId('team-table').getByText('测试监护人').waitFor();
    // at level 0 the next visit is three months out
    const due0 = ((await drawer.getByText(/^\d{4}-\d{2}-\d{2}$/).last().textContent()) ?? '').trim();
    expect(daysBetween(chinaToday(), due0)).toBeGreaterThan(60);

    // the team editor: add the grid worker through the picker
    await drawer.getByTestId('edit-team').click();
    const team = page.locator('.ant-modal').filter({ has: page.getByTestId('team-editor') });
    await pick(page, team.getByTestId('team-row-4').locator('.ant-select').nth(1), /网格员/);
    await screenshot(page, 'people-team-editor');
    await team.getByRole('button', { name: /保\s*存/ }).click();
    await team.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await drawer.getByTestId('team-table').locator('tbody tr').count())).toBe(3);

    // raised to level 3: the due date is recomputed at once, within two weeks
    await drawer.locator('.ant-select').first().click();
    await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`).filter({ hasText: /^3级$/ }).click();
    await noDropdown(page);
    await drawer.getByTestId('risk-reason').fill('近期有打砸行为，不能劝止');
    await drawer.getByRole('button', { name: /确认调整/ }).click();
    const result = ((await drawer.getByTestId('risk-result').textContent()) ?? '').trim();
    const due3 = /重算为 (\d{4}-\d{2}-\d{2})/.exec(result)?.[1] ?? '';
    expect(result).toContain('已通知民警1人');
    expect(daysBetween(chinaToday(), due3)).toBeGreaterThanOrEqual(0);
    expect(daysBetween(chinaToday(), due3)).toBeLessThanOrEqual(14);
    await drawer.getByText('该等级须通报民警').waitFor();

    // a follow-up visit
    await drawer.getByTestId('record-follow-up').click();
    const visit = page.getByRole('dialog', { name: `登记随访：${HEAD}` });
    await visit.getByTestId('visit-findings').fill('情绪平稳，按时服药');
    await visit.getByTestId('visit-save').click();
    await visit.waitFor({ state: 'hidden' });
    await drawer.getByText('情绪平稳，按时服药').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('town_center records a household visit reporting a finding in one step, and schedules a 平安夜访 with the cadre picker', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'visits-forms');
    await loginAs(page, server.url, 'town_center');
    await page.goto(`${server.url}/visits`);
    await page.getByRole('button', { name: /登记走访/ }).click();
    const form = page.getByRole('dialog', { name: '登记入户走访' });
    await pick(page, item(form, '走访户').locator('.ant-select'), HOUSEHOLD_NO, HOUSEHOLD_NO);
    await form.getByRole('checkbox', { name: new RegExp(HEAD) }).check();
    await form.getByTestId('visit-findings').fill('反映巷道路灯损坏，夜间出行不便');
    await form.getByTestId('visit-to-case').check();
    await item(form, '标题').locator('input').fill('巷道路灯损坏');
    await pick(page, item(form, '分类').locator('.ant-select'), /.+/);
    await form.getByTestId('visit-save').click();
    await form.waitFor({ state: 'hidden' });
    const row = page.locator('tbody tr', { hasText: '反映巷道路灯损坏' }).first();
    await row.getByText('已上报').waitFor();

    await page.getByRole('tab', { name: '平安夜访' }).click();
    await page.getByRole('button', { name: /安排平安夜访/ }).click();
    const campaign = page.locator('.ant-modal').filter({ has: page.getByTestId('campaign-form') });
    const name = `E2E夜访${RUN}`;
    await campaign.getByTestId('campaign-name').fill(name);
    await pick(page, item(campaign, '参加人员').locator('.ant-select'), /网格员/);
    await screenshot(page, 'people-campaign-form');
    await campaign.getByTestId('campaign-save').click();
    await campaign.waitFor({ state: 'hidden' });
    await page.locator('tbody tr', { hasText: name }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
