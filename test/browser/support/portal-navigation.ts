import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './api';
import { baseUrl } from './browser';

/** Logs in with e-mail and password (no 2FA) and waits for the portal's menu. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  // A step that failed may have left a session: without its cookie the portal opens on the login screen.
  await page.context().clearCookies();
  await page.goto(`${baseUrl()}/portal/login`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).waitFor();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.waitForURL('**/portal/login');
}

/** Opens a screen from the menu and waits for its heading (and for loading to end). */
export async function visit(page: Page, menu: string, heading: RegExp | string): Promise<void> {
  await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: menu }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}
