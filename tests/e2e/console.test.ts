import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors, chooseOption } from '../helpers/browser';

const XINXING = '620523101';
/** the first community of 新兴镇 (姚庄社区), where village_cadre and the demo grid worker work */
const COMMUNITY = '620523101001';
const ADMIN_MENUS = ['系统管理', '用户与权限', '审计日志', '系统设置'];

/** Collects uncaught script errors in the page; on a failure, leaves a screenshot in the temp folder. */
/** Picks an option of an antd Select (the open dropdown only) and waits until the field shows it. */
async function pickOption(page: Page, field: Locator, label: string): Promise<void> {
  await chooseOption(page, field, label, { within: field.locator('xpath=ancestor::div[contains(@class,"ant-form-item-control")][1]') });
}

async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator('.ant-layout-sider .ant-menu-title-content');
  await items.first().waitFor();
  return (await items.allTextContents()).map((t) => t.trim());
}

async function treeNodeTitles(page: Page): Promise<string[]> {
  const nodes = page.locator('[data-testid=area-tree] .ant-tree-treenode .ant-tree-title');
  await nodes.first().waitFor();
  return nodes.allTextContents();
}

/** The map is drawn on a canvas: wait until ECharts has created it and painted something on it. */
async function waitForMap(page: Page): Promise<void> {
  const canvas = page.locator('[data-testid=area-map] canvas');
  await canvas.first().waitFor({ timeout: 20_000 });
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
      { timeout: 20_000 },
    )
    .toBeGreaterThan(50);
}

describe.skipIf(!hasChromium)('web console in Chromium', () => {
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

  it('admin logs in, browses areas with tree and map, manages users and checks the audit chain', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'admin');

    // an anonymous visit lands on the login page
    await page.goto(`${server.url}/areas`);
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: '枫桥' }).waitFor();
    await page.getByText('基层社会治理平台 · 中心吹哨 部门报到').waitFor();
    expect(await page.title()).toBe('枫桥 · 基层社会治理平台');
    await screenshot(page, 'login');

    // a wrong password shows the server's message
    await page.getByPlaceholder('用户名').fill('admin');
    await page.getByPlaceholder('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');

    await loginAs(page, server.url, 'admin');
    // after login the user comes back to where they were going
    await page.waitForURL(/\/areas/);
    await page.getByTestId('header-roles').getByText('系统管理员').waitFor();
    expect(await page.getByTestId('header-scope').textContent()).toContain('全部区域');
    const menu = await menuLabels(page);
    expect(menu).toEqual(expect.arrayContaining(['工作台', '区划与网格', '系统管理', '用户与权限', '审计日志', '系统设置']));

    // the tree shows the scope roots; opening 新兴镇 draws its villages on the map
    expect((await treeNodeTitles(page)).length).toBeGreaterThan(0);
    await page.goto(`${server.url}/areas?code=${XINXING}`);
    await page.getByTestId('area-summary').getByText('新兴镇').first().waitFor();
    expect(await page.getByTestId('area-summary').textContent()).toContain(XINXING);
    // the tree opened down to the selected town
    await page.locator('[data-testid=area-tree] .ant-tree-node-selected').getByText('新兴镇').waitFor();
    await waitForMap(page);
    await page.getByTestId('boundary-generated').waitFor();
    // the villages of the town are listed under the map
    const rows = page.locator('[data-testid=children-table] tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(5);
    await page.mouse.move(0, 0);
    await screenshot(page, 'areas');

    // 用户与权限
    await page.locator('.ant-layout-sider').getByText('用户与权限').click();
    await page.waitForURL(/\/users/);
    const users = page.getByTestId('users-table');
    await users.getByText('town_center').waitFor();
    expect(await users.textContent()).toContain('综治中心工作人员');
    await screenshot(page, 'users');

    // 审计日志: the hash chain verifies
    await page.locator('.ant-layout-sider').getByText('审计日志').click();
    await page.waitForURL(/\/audit/);
    await page.getByRole('button', { name: /校验哈希链/ }).click();
    await expect.poll(() => page.getByTestId('audit-verify').textContent()).toContain('哈希链完整');

    // logout returns to a plain login page (the next user does not inherit this page)
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.waitForURL(/\/login/);
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a town centre sees only its own town in the tree and no administration menus', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'town');
    await loginAs(page, server.url, 'town_center');
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('home-scope').getByText('新兴镇').waitFor();
    expect(await page.getByTestId('header-scope').textContent()).toContain('新兴镇');

    // later modules add their own entries; the administration ones never reach a town centre
    const menu = await menuLabels(page);
    expect(menu.slice(0, 2)).toEqual(['工作台', '区划与网格']);
    for (const admin of ADMIN_MENUS) expect(menu).not.toContain(admin);

    await page.locator('.ant-layout-sider').getByText('区划与网格').click();
    await page.waitForURL(/\/areas/);
    await page.getByTestId('area-summary').getByText('新兴镇').first().waitFor();
    expect(await treeNodeTitles(page)).toEqual([expect.stringContaining('新兴镇')]);
    await waitForMap(page);

    // 新建网格 under the first community: the form checks as the user types, in Chinese
    await page.goto(`${server.url}/areas?code=${COMMUNITY}`);
    await page.getByTestId('area-summary').getByText(COMMUNITY).waitFor();
    await page.getByRole('button', { name: /新建网格/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请输入网格名称').waitFor();
    await dialog.getByLabel('名称').fill('木匠沟网格');
    await dialog.getByLabel('户数').fill('120');
    await dialog.getByLabel('人口').fill('80');
    await dialog.getByText('人口数不应少于户数').waitFor();
    await dialog.getByLabel('人口').fill('410');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已新建网格“木匠沟网格”，编码 \d{15}/).waitFor();
    await page.getByTestId('children-table').getByText('木匠沟网格').waitFor();
    // opening the community in the tree shows the new grid as well
    await page.locator('[data-testid=area-tree] .ant-tree-treenode-selected .ant-tree-switcher').click();
    await page.locator('[data-testid=area-tree]').getByText('木匠沟网格').waitFor();

    // 责任人: assign a 包抓领导; the phone is checked, then shown masked
    await page.getByRole('tab', { name: '责任人' }).click();
    await page.getByRole('button', { name: /任命责任人/ }).click();
    const assign = page.getByRole('dialog', { name: /任命责任人/ });
    await pickOption(page, assign.getByLabel('岗位'), '包抓领导');
    await assign.getByLabel('姓名').fill('王测试');
    await assign.getByLabel('联系电话').fill('12345');
    await assign.getByText('请输入11位手机号或带区号的固定电话').waitFor();
    await assign.getByLabel('联系电话').fill('13812345678');
    await assign.getByRole('button', { name: /任\s*命/ }).click();
    const postRow = page.getByRole('row', { name: /王测试/ });
    await postRow.waitFor();
    expect(await postRow.textContent()).toContain('138****5678');

    // an administration page answers 无权访问
    await page.goto(`${server.url}/users`);
    await page.getByText('无权访问').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an account the administrator creates must change its initial password on first login', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'first-login');
    await loginAs(page, server.url, 'admin');
    await page.goto(`${server.url}/users`);
    await page.getByRole('button', { name: /新建用户/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('用户名').fill('e2e_worker');
    await drawer.getByLabel('姓名').fill('网格员 测试');
    await drawer.getByLabel('初始密码').fill('abc');
    await drawer.getByText('密码至少8位').waitFor();
    await drawer.getByLabel('初始密码').fill('Init-2026x');
    await pickOption(page, drawer.getByLabel('角色'), '网格员');
    await page.keyboard.press('Escape');
    // the scope picker searches areas by name
    await drawer.getByLabel('管辖区域').fill('姚庄社区第1');
    await page.locator('.ant-select-item-option', { hasText: '姚庄社区第1网格' }).first().click();
    await page.keyboard.press('Escape');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('users-table').getByText('e2e_worker').waitFor();
    expect(await page.getByRole('row', { name: /e2e_worker/ }).textContent()).toContain('待改密');
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.waitForURL(/\/login/);

    // first login: straight to 修改密码, which checks the new password as it is typed
    await loginAs(page, server.url, 'e2e_worker', 'Init-2026x');
    await page.waitForURL(/\/password/);
    await page.getByText('首次登录请先修改初始密码').waitFor();
    await page.getByLabel('当前密码').fill('Init-2026x');
    await page.getByLabel('新密码', { exact: true }).fill('abcdefgh');
    await page.getByText('须包含大写字母、小写字母、数字、符号中的至少3类').waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('Changed-2026');
    await page.getByLabel('确认新密码').fill('Changed-2026');
    await page.getByRole('button', { name: /确认修改/ }).click();
    await page.waitForURL((u) => u.pathname === '/');
    // a grid worker's console is the 工作台 with their scope and role
    await page.getByTestId('home-scope').getByText('姚庄社区第1网格').waitFor();
    const menu = await menuLabels(page);
    expect(menu[0]).toBe('工作台');
    for (const hidden of ['区划与网格', ...ADMIN_MENUS]) expect(menu).not.toContain(hidden);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an idle session ends: the next request leads to the login page, and back to the same page after login', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'idle');
    await loginAs(page, server.url, 'hsb_center');
    await page.getByTestId('header-scope').getByText('红砂坝镇').waitFor();
    await page.locator('.ant-layout-sider').getByText('区划与网格').click();
    // the page has finished loading (tree, detail, map, list) before the clock moves
    await waitForMap(page);
    await page.locator('[data-testid=children-table] tbody tr.ant-table-row').first().waitFor();
    try {
      server.setNow(new Date(Date.now() + 31 * 60_000));
      // opening the town in the tree asks the server for its villages
      await page.locator('[data-testid=area-tree] .ant-tree-treenode-selected .ant-tree-switcher').click();
      await page.waitForURL(/\/login\?from=%2Fareas/);
      await page.getByText('登录已超时，请重新登录').waitFor();
    } finally {
      server.setNow(null);
    }
    await loginAs(page, server.url, 'hsb_center');
    await page.waitForURL(/\/areas\?code=150981109/);
    expect(await treeNodeTitles(page)).toEqual([expect.stringContaining('红砂坝镇')]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
