/**
 * /statistics/ against the built Worker and a real local D1: axe-core clean, readable at
 * 320 px with JavaScript off, at most 14 KB compressed, and every number on it equal to
 * /data/statistics.json and its CSV for the same period.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';

const base = inject('baseURL');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  // A few complaints in two towns and two categories, so the charts have bars.
  for (const [townId, category] of [
    ['jiedao', 'dust'],
    ['jiedao', 'noise'],
    ['qingbei', 'dust'],
  ]) {
    const res = await fetch(`${base}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category,
        placeType: 'street',
        townId,
        description: '示例：统计页测试用投诉。',
        anonymous: true,
      }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
});

interface Stats {
  period: { label: string };
  received: number;
  byTown: Record<string, number>;
  byCategory: Record<string, number>;
  rates: Record<string, { n: number; of: number; pct: number | null }>;
  labels: { towns: Record<string, string>; categories: Record<string, string>; rates: Record<string, string> };
}

describe('/statistics/', () => {
  it('is small, accessible without JavaScript, and shows the numbers of the open data', async () => {
    const res = await fetch(`${base}/statistics/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const html = await res.text();
    const gz = gzipSync(html).length;
    expect(gz, `gzip ${gz} bytes`).toBeLessThanOrEqual(14 * 1024);

    const json = (await (await fetch(`${base}/data/statistics.json`)).json()) as Stats;
    expect(json.received).toBeGreaterThanOrEqual(3);

    for (const js of [true, false]) {
      const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 640 } });
      const page = await ctx.newPage();
      await page.goto(`${base}/statistics/`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      if (js) expect(await axeViolations(page)).toEqual([]);
      // The charts are drawn in the HTML itself: one bar per town that had cases.
      const townChart = page.locator('figure', { hasText: '按镇（办事处）' });
      expect(await townChart.locator('svg rect').count()).toBe(Object.keys(json.byTown).length);
      // Each table row equals the JSON.
      for (const [id, n] of Object.entries(json.byTown)) {
        const row = townChart.locator('tr', { has: page.locator('th', { hasText: json.labels.towns[id]! }) });
        expect(await row.locator('td').innerText()).toBe(String(n));
      }
      const catChart = page.locator('figure', { hasText: '按问题类型' });
      for (const [id, n] of Object.entries(json.byCategory)) {
        const row = catChart.locator('tr', { has: page.locator('th', { hasText: json.labels.categories[id]! }) });
        expect(await row.locator('td').innerText()).toBe(String(n));
      }
      const main = page.locator('table', { hasText: '主要指标' });
      expect(await main.locator('tr', { hasText: '收到投诉和案件' }).locator('td').first().innerText()).toBe(
        `${json.received} 件`,
      );
      for (const [k, r] of Object.entries(json.rates)) {
        const cells = main.locator('tr', { hasText: json.labels.rates[k]! }).locator('td');
        expect(await cells.nth(1).innerText()).toBe(`${r.n} / ${r.of}`);
      }
      await ctx.close();
    }
  });

  it('gives the same numbers as CSV', async () => {
    const json = (await (await fetch(`${base}/data/statistics.json`)).json()) as Stats;
    const csv = await (await fetch(`${base}/data/statistics.csv?period=${json.period.label}`)).text();
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual(['period', 'measure', 'key', 'label', 'n', 'of', 'pct']);
    const value = (measure: string, key: string) => rows.find((r) => r[1] === measure && r[2] === key);
    expect(value('received', '')?.[4]).toBe(String(json.received));
    for (const [id, n] of Object.entries(json.byTown)) expect(value('byTown', id)?.[4]).toBe(String(n));
    for (const [k, r] of Object.entries(json.rates)) {
      expect(value('rate', k)?.slice(4)).toEqual([String(r.n), String(r.of), r.pct === null ? '' : String(r.pct)]);
    }
  });

  it('refuses a malformed period with a message naming it', async () => {
    const page = await fetch(`${base}/statistics/?period=2026-13`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('统计时段应写成月份');
    const json = await fetch(`${base}/data/statistics.json?period=next`);
    expect(json.status).toBe(400);
    expect(((await json.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('period');
  });
});
