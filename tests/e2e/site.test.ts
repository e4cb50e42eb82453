/**
 * The public site on the built Worker in real Chromium: the grid search with
 * and without JavaScript, phone links, accessibility (axe-core), narrow
 * screens, print, page weight, open data and the 404 page.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { telHref } from '../../domain/phone.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
let roster: Roster;

beforeAll(async () => {
  [browser, roster] = await Promise.all([launchBrowser(), loadRoster('content')]);
});
afterAll(async () => {
  await browser?.close();
});

async function withPage<T>(opts: Parameters<Browser['newContext']>[0], fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext(opts);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The hrefs of the `tel:` links in the list right after the heading with this text. */
async function telLinksUnder(page: Page, heading: string): Promise<string[]> {
  return page
    .locator(`h2:text-is("${heading}") ~ ul.people`)
    .first()
    .locator('a[href^="tel:"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
}

const village = () => roster.villages.find((v) => v.id === 'dongxing')!;

describe('finding my grid', () => {
  it('with JavaScript: type a village name, open it, see its supervisors’ phone links', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${base}/`);
      const box = page.getByLabel('输入村（居）、街道、地标或人名');
      await box.click();
      await box.pressSequentially('东兴');
      const results = page.locator('#grid-q-results');
      await results.getByRole('link', { name: '东兴社区' }).click();
      await page.waitForURL(`${base}/villages/dongxing/`);
      expect(await page.locator('h1').innerText()).toContain('东兴社区');
      const expected = village().supervisors.map((s) => telHref(s.phone!));
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(await telLinksUnder(page, '网格监督员')).toEqual(expected);
      expect(await page.locator('footer time').getAttribute('datetime')).toBe(village().updated);
      expect(await page.locator('footer').innerText()).toContain('信息更新于');
    });
  });

  it('with JavaScript: finds by pinyin initials, by landmark and by a person’s name', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${base}/`);
      const box = page.locator('#grid-q');
      const first = page.locator('#grid-q-results li').first();
      await box.fill('dxsq');
      await expect.poll(() => first.locator('a').getAttribute('href')).toBe('/villages/dongxing/');
      expect(await axeViolations(page)).toEqual([]);
      await box.fill('东兴卫生室');
      await expect.poll(() => first.innerText()).toContain('含“东兴卫生室”');
      const person = village().supervisors[0]!.name;
      await box.fill(person);
      await expect.poll(() => first.innerText()).toContain(person);
      expect(await first.locator('a').getAttribute('href')).toBe('/villages/dongxing/');
      await box.fill('不存在的地方');
      await expect.poll(() => page.locator('#grid-q-status').innerText()).toContain('没有找到');
    });
  });

  it('without JavaScript: the list grouped by town is the search', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${base}/`);
      expect(await page.locator('#grid-q').isVisible()).toBe(false);
      const towns = await page.locator('.directory section h3 a').allInnerTexts();
      expect(towns).toEqual(roster.towns.map((t) => t.name));
      expect(await page.locator('.directory .dir a').count()).toBe(roster.villages.length);
      await page.locator('.directory').getByRole('link', { name: '东兴社区' }).click();
      await page.waitForURL(`${base}/villages/dongxing/`);
      expect(await telLinksUnder(page, '网格监督员')).toEqual(village().supervisors.map((s) => telHref(s.phone!)));
    });
  });
});

const PAGES = [
  '/',
  '/towns/jiedao/',
  '/villages/dongxing/',
  '/district/',
  '/departments/',
  '/departments/sthj/',
  '/contact/',
  '/no-such-page/',
];

describe('accessibility and small screens', () => {
  it.each(PAGES)('axe-core finds no violations on %s', async (path) => {
    await withPage({}, async (page) => {
      await page.goto(`${base}${path}`);
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    });
  });

  it('no page scrolls sideways at 320 px or at 200 % zoom of a 1280 px window', async () => {
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 640, height: 400 },
    ])
      await withPage({ viewport }, async (page) => {
        for (const path of PAGES) {
          await page.goto(`${base}${path}`);
          const [scroll, client] = await page.evaluate(() => [
            document.documentElement.scrollWidth,
            document.documentElement.clientWidth,
          ]);
          expect(scroll, `${path} at ${viewport.width} px`).toBeLessThanOrEqual(client);
        }
      });
  });

  it('on a 360 × 640 phone the search box is on the first screen', async () => {
    await withPage({ viewport: { width: 360, height: 640 } }, async (page) => {
      await page.goto(`${base}/`);
      const box = await page.getByLabel('输入村（居）、街道、地标或人名').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(640);
    });
  });

  it('on a short page the footer sits at the bottom of the window', async () => {
    await withPage({ viewport: { width: 1280, height: 1200 } }, async (page) => {
      await page.goto(`${base}/no-such-page/`);
      const [bottom, height] = await page.evaluate(() => [
        document.querySelector('footer')!.getBoundingClientRect().bottom,
        window.innerHeight,
      ]);
      expect(bottom).toBeGreaterThanOrEqual(height - 1);
    });
  });

  it('a village page prints on A4 without navigation and with its phones', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${base}/villages/dongxing/`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header nav').isVisible()).toBe(false);
      expect(await page.locator('.breadcrumb').isVisible()).toBe(false);
      const phone = village().supervisors[0]!.phone!;
      expect(await page.getByRole('link', { name: phone }).isVisible()).toBe(true);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});

describe('pages, weight and data over HTTP', () => {
  it('serves every town and village page; each village page is under 14 KB gzipped and needs no script', async () => {
    for (const t of roster.towns) {
      const res = await fetch(`${base}/towns/${t.id}/`);
      expect(res.status).toBe(200);
      // the grid division plan, rendered from towns/<id>.md at build time
      if (t.plan) expect(await res.text()).toMatch(/<div class="prose"><(p|h\d|ul|ol|table)>/);
    }
    for (const v of roster.villages) {
      const res = await fetch(`${base}/villages/${v.id}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<h1>${v.name}`);
      expect(html).not.toMatch(/<script/i);
      expect(gzipSync(html).length, v.id).toBeLessThanOrEqual(14 * 1024);
    }
  });

  it('the complaint form’s first load (page, scripts, icon; no photo chosen) is at most 14 KB gzipped', async () => {
    // What Chromium requests when it opens the form with JavaScript on; each file weighed as gzip
    // (12.5 KB on 2026-12-02: the page with its inline styles, two scripts and the icon).
    const loaded = await withPage({}, async (page) => {
      const urls: string[] = [];
      page.on('request', (r) => void urls.push(r.url()));
      await page.goto(`${base}/complaint/`, { waitUntil: 'networkidle' });
      return urls.filter((u) => u.startsWith(base));
    });
    expect(loaded[0]).toBe(`${base}/complaint/`);
    // The photo script is loaded only once a photo is chosen.
    expect(loaded.some((u) => /photo-client/.test(u))).toBe(false);
    let total = 0;
    for (const url of new Set(loaded)) total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
    expect(total, loaded.join(' ')).toBeLessThanOrEqual(14 * 1024);
  });

  it('/data/roster.json is the whole roster: every village, with a schema version', async () => {
    const res = await fetch(`${base}/data/roster.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const data = (await res.json()) as { schemaVersion: number; generatedAt: string; villages: { id: string }[] };
    expect(data.schemaVersion).toBe(1);
    expect(data.generatedAt).toBe(roster.district.updated);
    expect(data.villages.map((v) => v.id).sort()).toEqual(roster.villages.map((v) => v.id).sort());
    expect(data.villages).toHaveLength(24);
  });

  it('/towns/ lists every town with its page and a complaint link for it (the way in at province scale)', async () => {
    const html = await (await fetch(`${base}/towns/`)).text();
    for (const t of roster.towns) {
      expect(html).toContain(`href="/towns/${t.id}/"`);
      expect(html).toContain(`href="/complaint/?town=${t.id}"`);
    }
  });

  it('/data/towns/<id>.json serves each town with its villages, linked from the roster file', async () => {
    const whole = (await (await fetch(`${base}/data/roster.json`)).json()) as { towns: { id: string; data: string }[] };
    for (const t of whole.towns) {
      const res = await fetch(`${base}${t.data}`);
      expect(res.status, t.data).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const file = (await res.json()) as { town: { id: string }; villages: { id: string; town: string }[] };
      expect(file.town.id).toBe(t.id);
      expect(file.villages.map((v) => v.id).sort()).toEqual(
        roster.villages
          .filter((v) => v.town === t.id)
          .map((v) => v.id)
          .sort(),
      );
    }
  });

  it('an unknown address answers 404 with the helpful page', async () => {
    const res = await fetch(`${base}/villages/no-such-village/`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('找不到这个页面');
    expect(html).toContain('href="/#find"');
  });
});
