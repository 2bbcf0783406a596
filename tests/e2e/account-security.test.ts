/**
 * 账号安全 in Chromium: a centre clerk binds an authenticator app (QR code drawn in the page, the secret to type
 * by hand), saves the recovery codes, and from then on logs in with password + the six-digit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/platform/totp';
import { type E2eServer, hasChromium, launchBrowser, loginAs, screenshot, startE2eServer, type TestBrowser, watchErrors } from '../helpers/browser';

describe.skipIf(!hasChromium)('account security in Chromium', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let now = new Date('2026-03-02T01:00:00Z');

  beforeAll(async () => {
    server = await startE2eServer();
    server.setNow(now);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('binds an authenticator app and then asks for its code at login', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    const errors = watchErrors(page, 'security');
    await loginAs(page, server.url, 'town_center');

    // from the user menu to the page
    await page.locator('.ant-layout-header .ant-avatar').last().hover();
    await page.getByRole('menuitem', { name: '账号安全' }).click();
    await page.waitForURL(/\/security$/);
    await page.getByTestId('security-page').waitFor();
    expect(await page.getByTestId('totp-status').textContent()).toBe('未绑定');
    await page.getByTestId('totp-start').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).toBe(true);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, 'security-bind');

    await page.getByTestId('totp-enrol-code').fill(totpCode(secret, now));
    await page.getByRole('button', { name: '确认绑定' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect((await codes.textContent())?.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/g)).toHaveLength(10);
    await screenshot(page, 'security-recovery-codes');
    await page.getByTestId('recovery-done').click();
    expect(await page.getByTestId('totp-status').textContent()).toBe('已绑定');
    expect(await page.getByTestId('recovery-left').textContent()).toBe('10');

    // log out and in again: password, then the code of the next 30 seconds
    await page.locator('.ant-layout-header').getByRole('button', { name: /退\s*出/ }).click();
    await page.waitForURL(/\/login/);
    await page.getByPlaceholder('用户名').fill('town_center');
    await page.getByPlaceholder('密码').fill('Demo@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('totp-code').waitFor();
    await page.getByText('已开启双因素认证').waitFor();
    await screenshot(page, 'login-totp');
    // the code used to bind does not work twice
    await page.getByTestId('totp-code').fill(totpCode(secret, now));
    await page.getByRole('button', { name: /验证并登录/ }).click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('动态验证码不正确或已使用过');
    now = new Date(now.getTime() + 30_000);
    server.setNow(now);
    await page.getByTestId('totp-code').fill(totpCode(secret, now));
    await page.getByRole('button', { name: /验证并登录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.locator('.ant-layout-sider').waitFor();
    expect(errors).toEqual([]);
  });
});
