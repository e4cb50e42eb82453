/**
 * 并单 in the console (Chromium, built Worker, real local D1): two citizens
 * report the same problem in the same village; the queue counts the likely
 * duplicate, the case page lists it, and the office merges with one button —
 * JavaScript on (axe-core clean) and off, on a 320 px wide screen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signInAs } from './browser.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A citizen's complaint about sewage on a river in 北苑社区 (jiedao); its grouped code. */
async function fileComplaint(): Promise<string> {
  const res = await fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'sewage',
      placeType: 'river',
      townId: 'jiedao',
      villageId: 'beiyuan',
      description: '示例：河道边有人倾倒污水，水面发黑有异味。',
      anonymous: true,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { trackingCode: string }).trackingCode;
}

describe('duplicate suggestions in the console', () => {
  for (const js of [true, false]) {
    it(`the office sees the likely duplicate and merges it with one button (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const first = await fileComplaint();
      const second = await fileComplaint();
      const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 640 } });
      const page = await ctx.newPage();
      await signInAs(page, base, OFFICE, '/staff/');
      await page.goto(`${base}/staff/?q=${second}`);
      expect(await page.locator('.cases li').first().innerText()).toMatch(/可能重复 \d+ 件/);

      await page.goto(`${base}/staff/cases/${second}/`);
      const section = page.locator('#duplicates');
      expect(await section.innerText()).toContain(first);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      if (js) expect(await axeViolations(page)).toEqual([]);

      await Promise.all([page.waitForURL(/done=merge/), page.getByRole('button', { name: `并入 ${first}` }).click()]);
      expect(await page.locator('.facts').innerText()).toContain('已并单');
      expect(await page.locator('.facts').innerText()).toContain(first);
      await ctx.close();
    });
  }
});
