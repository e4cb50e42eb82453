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
    expect(await page.locator('main').textContent()).toContain(
      '4 个镇（办事处）中，全部达标；24 个村（居）中，全部达标。',
    );
    expect(await row.locator('td').allTextContents()).toContainEqual(expect.stringMatching(/6 个全部达到$/));
  });

  it('/grid-status/ fits its towns table in a 1280 px window, and marks sample names 示例', async () => {
    await open('/grid-status/');
    const region = page.locator('.table-scroll', {
      has: page.locator('caption', { hasText: '各镇（办事处）网格建设' }),
    });
    const [scroll, client] = await region.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
    const jiedao = region.locator('tbody tr', { has: page.locator('th', { hasText: '街道办事处' }) });
    // The district leader of 街道办事处 in content/ is a made-up sample person.
    expect(await jiedao.locator('td').nth(1).innerText()).toMatch(/王建国\s*示例/);
  });

  it('lists changes newest first with effective, published and due dates', async () => {
    await open('/changes/');
    const items = page.locator('ol.changes > li');
    const effective = await items
      .locator('dt:text-is("生效日期") + dd time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(effective).toHaveLength(5);
    expect(effective).toEqual([...effective].sort().reverse());
    // c-2026-003: effective Mon 2026-09-28 → Sep 29, 30 (2), [Oct 1–7 off], Oct 8, 9 (4),
    // Sat Oct 10 (5), Oct 12–16 (10), 19–23 (15), 26–30 (20), Nov 2–6 (25), Nov 9–13 (30).
    // Published 2026-10-16: on time.
    const item = page.locator('li#c-2026-003');
    expect(await item.locator('h2').innerText()).toMatch(/^北关村专职网格监督员人员调整\s*示例$/);
    const field = (name: string) => item.locator(`dt:text-is("${name}") + dd`).innerText();
    expect(await field('生效日期')).toBe('2026年9月28日');
    expect(await field('公布日期')).toBe('2026年10月16日');
    expect(await field('公布期限')).toBe('2026年11月13日');
    expect(await field('是否按时')).toBe('按时公布');
    expect(await field('涉及')).toContain('北关村');
    expect(await page.locator('.updated').textContent()).toContain('信息更新于');
  });

  it('/changes/ reflows: long company names stay on a line or two at 1280 px, nothing is off screen at 360 px', async () => {
    await open('/changes/');
    const lineCounts = await page.locator('ol.changes dd a').evaluateAll((as) =>
      as.map((a) => {
        const r = a.getClientRects();
        return new Set([...r].map((x) => Math.round(x.top))).size;
      }),
    );
    expect(Math.max(...lineCounts)).toBeLessThanOrEqual(2);
    await open('/changes/', 360);
    const outside = await page
      .locator('ol.changes dt, ol.changes dd')
      .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().right > window.innerWidth).length);
    expect(outside).toBe(0);
  });
});
