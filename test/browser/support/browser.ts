import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts', 'browser');
export const CHROMIUM = process.env.KAIJI_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from the machine notes: no background traffic, nothing but the app on loopback. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--lang=ja-JP',
];

export function baseUrl(): string {
  const url = process.env.KAIJI_BROWSER_BASE_URL;
  if (!url) throw new Error('KAIJI_BROWSER_BASE_URL is not set: run the browser tests through jest (npm run test:browser)');
  return url;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium with a fresh profile, at a tablet's width (iPad landscape), in Japanese
 * and Japan time. Any request that is not to the app on loopback is refused.
 */
export async function openBrowser(viewport = { width: 1180, height: 820 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'kaiji-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  const origin = new URL(baseUrl()).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:') ? route.continue() : route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to test/artifacts/browser/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs one step of a scenario; when it fails, saves what the page showed (failed-<name>.png) and
 * fails the test with the step's name.
 */
export async function step<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step "${name}" failed: ${message}`, { cause: error });
  }
}

/**
 * Collects uncaught exceptions and console errors of the page, to be asserted empty. Chromium's own
 * "Failed to load resource" lines are left out: the API answers 4xx on purpose (a login that asks
 * for the 2FA code, a checklist not submitted yet) and the portal shows those as messages.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  return errors;
}
