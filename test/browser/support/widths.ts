import type { Page } from 'playwright-core';
import { screenshot } from './browser';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The screen as it is now at a phone's width (nothing may scroll sideways) and at a desktop's, with a screenshot of each. */
export async function bothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  expect({ screen: name, overflow: overflow <= 1 }).toEqual({ screen: name, overflow: true });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
}
