import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchBrowser } from './browser.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  '/grid-status/',
  '/changes/',
  '/enterprises/',
  '/enterprises/sample-jixie/',
  '/enterprises/sample-jixie/placard/',
  '/villages/beiguan/notice/',
];

async function open(path: string, width = 1280) {
  await page.setViewportSize({ width, height: 900 });
  const res = await page.goto(`${inject('baseURL')}${path}`);
  expect(res?.status(), path).toBe(200);
}

describe('roster disclosure pages', () => {
  it.each(PAGES)('%s has no axe-core violations', async (path) => {
    await open(path);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(PAGES)('%s fits a 320 px screen without sideways scrolling', async (path) => {
    await open(path, 320);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('shows each town against the plan’s minimums, from the rules module', async () => {
    await open('/grid-status/');
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: '各镇（办事处）网格建设与方案要求对照' }),
    });
    const heads = await table.locator('thead th').allTextContents();
    expect(heads[0]).toBe('镇（办事处）');
    expect(heads.some((h) => h.includes('专职网格监督员') && h.includes('至少 5 名'))).toBe(true);
    const row = table.locator('tbody tr', { has: page.locator('th', { hasText: '老庄子镇' }) });
    expect(await row.locator('td').first().textContent()).toMatch(/达标\s*2 名/);
    expect(await row.locator('td').allTextContents()).toContainEqual(expect.stringMatching(/达标\s*5 名/));
    expect(await page.locator('main').textContent()).toContain('4/4 个镇（办事处）全部达标');
  });

  it('lists changes newest first with effective, published and due dates', async () => {
    await open('/changes/');
    const rows = page.locator('table tbody tr');
    const effective = await rows
      .locator('td:first-child time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(effective).toEqual([...effective].sort().reverse());
    // c-2026-003: effective Mon 2026-09-28 → Sep 29, 30 (2), [Oct 1–7 off], Oct 8, 9 (4),
    // Sat Oct 10 (5), Oct 12–16 (10), 19–23 (15), 26–30 (20), Nov 2–6 (25), Nov 9–13 (30).
    // Published 2026-10-16: on time.
    const row = page.locator('tr#c-2026-003');
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual([
      '2026年9月28日',
      expect.stringContaining('北关村'),
      '2026年10月16日',
      '2026年11月13日',
      '按时公布',
    ]);
    expect(await page.locator('.updated').textContent()).toContain('信息更新于');
  });
});
