/**
 * Console helpers shared by the staff e2e tests: the checks every console page must pass (fits 320 px; no axe-core violations where scripts run).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './browser.ts';

export { signInAs } from './browser.ts';

/** Checks the page fits 320 px without sideways scrolling and, where scripts run, has no axe-core violations. */
export async function checkPage(page: Page, js: boolean, state: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${state}: sideways scroll at 320 px`).toBeLessThanOrEqual(0);
  if (js) {
    const v = await axeViolations(page);
    expect(v, `${state}: ${JSON.stringify(v, null, 2)}`).toEqual([]);
  }
}
