/**
 * The assessment page and the monthly 通报 in Chromium against the built Worker: the office
 * signs in on the local sign-in page; the assessment page is axe-clean at 320 px; the 通报
 * prints on exactly one A4 page (pdfinfo) and states the same figures as the open data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { pdfInfo, pdfText } from './pdf.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';
let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'envgrid-bulletin-'));
  const res = await fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'garbage',
      placeType: 'river',
      townId: 'laozhuangzi',
      description: '示例：通报测试用投诉。',
      anonymous: true,
    }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

async function signInAs(page: Page, button: string, next: string) {
  await page.goto(`${base}/staff/sign-in/?next=${encodeURIComponent(next)}`);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.getByRole('button', { name: button }).click()]);
}

describe('the assessment console and the 通报', () => {
  it('shows the quarter under both readings, axe-clean at 320 px', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signInAs(page, OFFICE, '/staff/assessment/');
    expect(await page.locator('h1').innerText()).toMatch(/^季度考核 \d{4}Q[1-4]$/);
    await expect.poll(() => page.getByText('一票否决按「该项分值为 0」计算').count()).toBe(1);
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(4);
    expect(await axeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${base}/staff/assessment/?quarter=2026Q7`);
    expect(await page.locator('#f-quarter-error').innerText()).toContain('季度应写成 YYYYQn');
    await ctx.close();
  });

  it('prints the month’s 通报 on one A4 page with the open data’s figures', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    await signInAs(page, OFFICE, '/staff/assessment/');
    await page.goto(`${base}/staff/bulletin/?month=${month}`);
    expect(await axeViolations(page)).toEqual([]);
    const file = join(dir, 'bulletin.pdf');
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    const info = await pdfInfo(file);
    expect(info.pages).toBe(1);
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    const json = (await (await fetch(`${base}/data/statistics.json?period=${month}`)).json()) as {
      received: number;
    };
    const text = (await pdfText(file)).replace(/\s+/g, '');
    expect(text).toContain(`本月收到问题${json.received}件`);
    expect(text).toContain('老庄子镇');
    await ctx.close();
  });
});
