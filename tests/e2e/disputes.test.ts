/**
 * Seed 004's 集大原高铁 land-compensation dispute walked through the console in Chromium by the 红砂坝镇 demo users:
 * the grid worker registers it, the town centre accepts it, forms a mediation team, records a deadlocked session,
 * holds a 会商研判 with 公安, 纪检, 司法 and two 五老, pauses for a 司法鉴定 and resumes, drafts the 调解协议书 splitting
 * the compensation 73.9% / 26.1%, records the signatures, opens the printable agreement, closes the dispute and
 * follows it up; then a petition is registered and its statutory clock shows in the list, and a 12345 export is
 * imported with one refused row.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors, chooseOption } from '../helpers/browser';

async function switchUser(page: Page, url: string, username: string, browser: TestBrowser): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${url}/login`);
  await loginAs(page, url, username);
}

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
/** a closing dropdown stays in the page for its animation: wait until none is visible */
const noDropdown = (page: Page) => expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);

/** Opens a Select, clicks the option titled `option`, and waits until no dropdown covers the form. */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option[title="${option}"]`).last().click();
  await noDropdown(page);
}

/** Picks the option titled `option` in the Select of the form item labelled `label` inside `scope`. */
async function pick(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await choose(page, scope.locator('.ant-form-item', { hasText: label }).locator('.ant-select').first(), option);
}

/** Types names into a tags Select (people picked or typed), then leaves it. */
async function tags(scope: Locator, label: string, names: string[]): Promise<void> {
  const input = scope.locator('.ant-form-item', { hasText: label }).locator('.ant-select input').first();
  for (const n of names) {
    await input.fill(n);
    await input.press('Enter');
  }
  await scope.locator('.ant-modal-title').click();
  await noDropdown(scope.page());
}

const status = async (page: Page) => ((await page.getByTestId('case-status').first().textContent()) ?? '').trim();

/** An engine action: its button, its generated form (filled by `fill`), submit, modal gone. */
async function act(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(`action-form-${action}`) });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A record form in a modal: open it, fill it, save, modal gone. */
async function record(page: Page, open: string, form: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId(open).click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(form) });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}

describe.skipIf(!hasChromium)('矛盾纠纷 and 信访 in the console (Chromium)', () => {
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

  it('集大原高铁 land compensation: 网格上报 → 受理 → 调解 → 会商研判 → 司法鉴定 → 协议 73.9%/26.1% → 打印 → 结案 → 回访', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'disputes');

    // —— the grid worker of 木匠沟村 registers the dispute
    await switchUser(page, server.url, 'hsb_grid_worker', browser);
    await page.goto(`${server.url}/disputes`);
    await page.getByTestId('open-register-dispute').click();
    const reg = page.getByTestId('register-dispute-form');
    await reg.getByLabel('纠纷简要情况').fill('集大原高铁涉征地补偿费用分配纠纷(木匠沟村)');
    await reg.getByLabel('详细情况').fill('木匠沟村6户持有林权证村民与17户无证村民因补偿费用分配问题发生纠纷');
    await pick(page, reg, '纠纷类型', '征地拆迁');
    await pick(page, reg, '风险等级', '高');
    await pick(page, reg, '来源', '网格上报');
    await reg.getByLabel('涉及金额(元)').fill('860000');
    await reg.getByLabel('群体性纠纷').click();
    await reg.getByLabel('当事人姓名').nth(0).fill('持林权证村民');
    await reg.getByLabel('户/人数').nth(0).fill('6');
    await reg.getByLabel('当事人姓名').nth(1).fill('无证村民');
    await reg.getByLabel('户/人数').nth(1).fill('17');
    await reg.getByLabel('联系电话').nth(0).fill('1390000');
    await reg.getByText('请输入手机号或座机号').waitFor();
    await reg.getByLabel('联系电话').nth(0).fill('13900000001');
    await page.getByTestId('register-dispute-submit').click();
    await page.waitForURL(/\/disputes\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await status(page)).toBe('待受理');
    await page.getByTestId('dispute-ledger').getByText('征地拆迁').waitFor();

    // —— the town centre accepts and mediates
    await switchUser(page, server.url, 'hsb_center', browser);
    await page.goto(`${server.url}/disputes/${id}`);
    await act(page, 'accept', async (d) => {
      await d.locator('.ant-radio-button-wrapper', { hasText: '疑难哨' }).click();
    });
    await expect.poll(() => status(page)).toBe('已受理待派遣');
    await act(page, 'mediate', async (d) => {
      await tags(d, '调解工作队成员', ['司法所调解员', '派出所民警', '包村干部']);
    });
    await expect.poll(() => status(page)).toBe('办理中');
    const records = page.getByTestId('dispute-records');

    await records.getByRole('tab', { name: /调解记录/ }).click();
    await record(page, 'add-session', 'session-form', async (d) => {
      await d.getByLabel('调解地点').fill('木匠沟村委会');
      await tags(d, '调解员', ['司法所调解员', '包村干部']);
      await tags(d, '到场当事人', ['持林权证村民', '无证村民']);
      await d.locator('.ant-radio-button-wrapper', { hasText: '陷入僵局' }).click();
      await d.getByLabel('调解记录').fill('走访调查：6户林权证年代久远、笔迹模糊，无证村民不认可，调解陷入僵局');
    });
    await records.getByTestId('sessions-table').getByText('陷入僵局', { exact: true }).waitFor();

    // —— 会商研判 (3+X) with 公安, 纪检, 司法 and two 五老
    await records.getByRole('tab', { name: /会商研判/ }).click();
    await record(page, 'add-meeting', 'meeting-form', async (d) => {
      await d.getByLabel('会商议题').fill('林权证真实性及补偿分配方案');
      const outside = [
        ['公安', '派出所所长', '红砂坝派出所'],
        ['纪检', '纪检委员', '红砂坝镇纪委'],
        ['司法', '司法所所长', '红砂坝司法所'],
        ['五老', '老党员', '木匠沟村“五老”'],
        ['五老', '老教师', '木匠沟村“五老”'],
      ];
      for (const [i, [kind, name, unit]] of outside.entries()) {
        await d.getByTestId('add-outside-participant').click();
        const row = i;
        await d.getByLabel('参会人姓名').nth(row).fill(name);
        await d.getByLabel('参会人单位').nth(row).fill(unit);
        if (kind !== '五老') await choose(page, d.getByLabel('参会类别').nth(row), kind);
      }
      await d.getByLabel('会商结论').fill('成立工作专班；委托第三方司法鉴定中心鉴定林权证真伪，依鉴定结果分配补偿');
      await d.getByTestId('add-task').click();
      await d.getByLabel('任务内容').fill('委托第三方司法鉴定');
      await d.getByLabel('责任单位').fill('红砂坝司法所');
    });
    const meeting = records.getByTestId('meeting-card');
    await meeting.getByText('五老·老教师(木匠沟村“五老”)').waitFor();
    for (const t of ['公安·派出所所长', '纪检·纪检委员', '司法·司法所所长', '五老·老党员', '委托第三方司法鉴定']) expect(await meeting.textContent()).toContain(t);

    // —— paused for the 司法鉴定, resumed on its result
    await act(page, 'appraisal_pause', async (d) => {
      await d.getByLabel('鉴定机构').fill('第三方司法鉴定中心');
      await d.getByLabel(/鉴定事项/).fill('鉴定6户村民林权证的真实性');
    });
    await expect.poll(() => status(page)).toBe('已挂起');
    await page.getByText('已暂停计时').waitFor();
    await act(page, 'resume', async (d) => {
      await d.getByLabel(/恢复说明/).fill('鉴定结果：6户村民的林权证真实有效');
    });
    await expect.poll(() => status(page)).toBe('办理中');

    // —— the agreement: 73.9% to the 6 households with certificates, 26.1% to the 17 without
    await records.getByRole('tab', { name: /调解协议书/ }).click();
    await record(page, 'add-agreement', 'agreement-form', async (d) => {
      await d.getByLabel('人民调解委员会').fill('红砂坝镇人民调解委员会');
      await d.getByLabel('争议事项').fill('征地补偿费用在持证户与无证户之间如何分配');
      await d.getByLabel('各方当事人的责任').fill('各方均无过错，依司法鉴定结果确定分配比例');
      await d.getByLabel('分配比例').nth(0).fill('73.9');
      await d.getByLabel('分配比例').nth(1).fill('26.1');
      const preview = d.getByTestId('split-preview');
      await preview.getByText('635,540.00').waitFor();
      expect(await preview.textContent()).toContain('224,460.00');
      expect(await preview.textContent()).toContain('合计 100%');
      await d.getByLabel(/其他协议内容/).fill('双方就本纠纷不再提出其他主张');
      await d.getByLabel('履行方式、时限').fill('补偿款到账后10日内由村委会一次性发放到户');
      // the mediators of the last session are proposed
      expect(await d.locator('.ant-form-item', { hasText: '人民调解员' }).textContent()).toContain('司法所调解员');
    });
    const agreement = records.getByTestId('agreement-card');
    await agreement.getByText(/73\.9%\(635,540\.00元\)由持林权证村民\(6户\)平均分配，每户105,923\.33元/).waitFor();
    await record(page, 'sign-agreement', 'sign-form', async () => {});
    await agreement.getByTestId('agreement-status').getByText(/已签字生效/).waitFor();
    await agreement.getByText(/司法确认申请期至.*剩30天/).waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'dispute-detail');

    // the printable agreement opens in a new tab, shows the split and prints
    const [print] = await Promise.all([browser.context.waitForEvent('page'), agreement.getByTestId('print-agreement').click()]);
    await print.waitForLoadState();
    const text = (await print.textContent('body')) ?? '';
    for (const t of ['人民调解协议书', '73.9%', '26.1%', '持林权证村民(6户)', '无证村民(17户)', '已签字生效', '司法确认申请期限']) expect(text).toContain(t);
    await print.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await print.getByRole('button', { name: '打印' }).click();
    expect(await print.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await screenshot(print, 'dispute-agreement-print');
    await print.close();

    // —— 调解成功 → 结案 → 回访
    await act(page, 'succeed', async (d) => {
      await chooseOption(page, d.locator('.ant-form-item', { hasText: '调解协议书' }).locator('.ant-select').first(), /\d{4}-\d{2}-\d{2}签字生效/, { last: true });
    });
    await expect.poll(() => status(page)).toBe('已处置待核查');
    await act(page, 'close', async (d) => {
      await d.getByLabel('核查意见').fill('协议已签订');
    });
    await expect.poll(() => status(page)).toBe('已结案');
    await act(page, 'follow_up', async (d) => {
      await d.getByLabel('回访情况').fill('补偿款已按协议发放到户，双方无异议');
      await d.locator('.ant-radio-button-wrapper', { hasText: /^满意$/ }).click();
      await pick(page, d, '协议履行情况', '已全部履行');
    });
    await expect.poll(() => status(page)).toBe('已评价');
    await expect.poll(() => page.getByTestId('dispute-outcome').textContent()).toBe('调解成功');
    await page.getByTestId('dispute-ledger').getByText('已全部履行').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('信访: registered with its representatives, the 15-day clock in the list; 12345: import with a refused row, 回传 queue', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page, 'petitions');
    await switchUser(page, server.url, 'hsb_center', browser);

    // —— a petition: registered at the centre, its 15-day clock in the list
    await page.goto(`${server.url}/petitions`);
    await page.getByTestId('open-register-petition').click();
    const pf = page.getByTestId('register-petition-form');
    await pf.getByLabel('信访事项').fill('反映高铁施工占用灌溉水渠影响春灌');
    await pf.getByLabel('信访请求和事实理由').fill('村民反映高铁施工临时占用灌溉水渠，影响春灌，要求尽快恢复');
    const area = pf.locator('.ant-form-item', { hasText: '事项发生地' }).locator('.ant-select input').first();
    await area.fill('红砂坝');
    await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`, { hasText: '150981109)' }).first().click();
    await page.locator('.ant-modal-title', { hasText: '登记信访事项' }).click();
    await pf.getByLabel('信访人姓名').nth(0).fill('村民代表甲');
    await pf.getByTestId('add-petitioner').click();
    await pf.getByLabel('信访人姓名').nth(1).fill('村民代表乙');
    await pf.getByTestId('representative-count').getByText('代表 2/5 人').waitFor();
    await pf.getByLabel('来访人数').fill('8');
    await page.getByTestId('register-petition-submit').click();
    await page.waitForURL(/\/petitions\/\d+$/);
    await page.getByTestId('petition-panel').getByText('15日内受理/交办/转送/告知').waitFor();
    await page.goto(`${server.url}/petitions`);
    const row = page.getByTestId('petition-table').locator('tr.ant-table-row', { hasText: '反映高铁施工占用灌溉水渠影响春灌' });
    await expect.poll(() => row.getByTestId('clock-intake').textContent()).toMatch(/^剩(1[5-9]|2\d)天/);
    expect(await row.textContent()).toContain('受理后60日');
    await page.mouse.move(0, 0);
    await screenshot(page, 'petition-list');

    // —— 12345: an import of the platform's export lists the row it refused; the 回传 queue opens
    await page.goto(`${server.url}/hotline`);
    await page.getByTestId('hotline-table').waitFor();
    const csv = '工单编号,工单类型,是否紧急,标题,诉求内容,所属区划\nE2E-12345-001,求助,否,路灯不亮,木匠沟村口路灯不亮,150981109\nE2E-12345-002,未知类型,否,噪音,夜间施工噪音,150981109\n';
    await page.locator('input[type=file]').setInputFiles({ name: '12345导出.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const result = page.getByTestId('import-result');
    await result.getByText('成功导入 1 件，1 行未导入').waitFor();
    expect(await result.getByTestId('import-errors').textContent()).toContain('第3行');
    await page.getByRole('dialog', { name: '导入结果' }).locator('.ant-modal-footer button').click();
    await page.getByTestId('hotline-table').getByText('E2E-12345-001').waitFor();
    await page.getByRole('tab', { name: '回传状态' }).click();
    await page.getByTestId('outbox-table').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
