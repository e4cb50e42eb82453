/**
 * Console helpers shared by the staff e2e tests: signing in on the local sign-in page, and the
 * checks every console page must pass (fits 320 px; no axe-core violations where scripts run).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './browser.ts';

/** Signs in with the local sign-in page's button for one member and waits for `next`. */
export async function signInAs(page: Page, base: string, button: string, next: string): Promise<void> {
  await page.goto(`${base}/staff/sign-in/?next=${encodeURIComponent(next)}`);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.getByRole('button', { name: button }).click()]);
}

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
