import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_OPERATOR, DEMO_PASSWORD } from './api';
import { baseUrl } from './browser';
import { operatorCode } from './operator-totp';

/**
 * Another TOTP account than the demo operator (one a spec enrolled through the portal): its seed
 * and last used step in a file of the run's data folder, served by the same step-by-step driver.
 */
export class TotpAccount {
  private readonly path: string;

  constructor(readonly email: string, secret: string) {
    const folder = process.env.KAIJI_BROWSER_STATE_DIR;
    if (!folder) throw new Error('KAIJI_BROWSER_STATE_DIR is not set: run the browser tests through jest (npm run test:browser)');
    this.path = join(folder, `totp-${email.replace(/[^a-z0-9]+/gi, '_')}.json`);
    // The enrolment's confirmation used the current step (or the one before): start after it.
    writeFileSync(this.path, JSON.stringify({ secret, lastStep: Math.floor(Date.now() / 30_000) }), { mode: 0o600 });
  }

  code(): Promise<string> {
    return operatorCode(this.path);
  }
}

/**
 * Logs a TOTP-enrolled account into the portal as a person would: password first, then the code
 * the login screen asks for. By default the demo operator (enrolled by the global set-up).
 */
export async function loginWithTotp(page: Page, account: { email: string; password: string; code: () => Promise<string> } = demoOperator): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl()}/portal/login`);
  await page.getByLabel('メールアドレス').fill(account.email);
  await page.getByLabel('パスワード').fill(account.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  const otp = page.getByLabel('認証コード');
  await otp.waitFor();
  await otp.fill(await account.code());
  await page.getByRole('button', { name: '認証してログイン' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).waitFor();
}

const demoOperator = { email: DEMO_OPERATOR, password: DEMO_PASSWORD, code: () => operatorCode() };
