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

/** Runs `act` and waits for the page it leads to (after any redirect) to load. */
export async function follow(page: Page, act: () => Promise<void>): Promise<void> {
  const landed = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && r.status() !== 303,
  );
  await act();
  await landed;
  await page.waitForLoadState('load');
}

/** Clicks the one button named `name` and waits for the next page. */
export async function clickButton(page: Page, name: string): Promise<void> {
  const target = page.getByRole('button', { name, exact: true });
  expect(await target.count(), `button 「${name}」`).toBe(1);
  await follow(page, () => target.click());
}
