import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser';

/** axe-core's own bundle, evaluated in the page (not a <script> tag: the portal's CSP allows none but its own). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 A and AA, as public-sector services in Japan are asked to meet (JIS X 8341-3:2016). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

export interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now and fails on serious or critical violations, naming each
 * rule and the elements; every finding (minor ones too) is written to
 * test/artifacts/browser/axe-<name>.json for reading.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await axeResults(page);
  const violations = results.violations.map(describe);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `axe-${name}.json`), JSON.stringify({ url: results.url, violations }, null, 2));
  const blocking = violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  expect({ screen: name, blocking }).toEqual({ screen: name, blocking: [] });
}

async function axeResults(page: Page): Promise<AxeResults> {
  const loaded = await page.evaluate<boolean>('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };
  return page.evaluate<AxeResults>(`window.axe.run(document, ${JSON.stringify(options)})`);
}

function describe(result: Result): Violation {
  return { id: result.id, impact: result.impact, help: result.help, targets: result.nodes.slice(0, 10).map((node) => node.target.join(' ')) };
}
