import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import astroConfig from '../../astro.config.mjs';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { launchBrowser } from './browser.ts';
import { decodeQr, pdfInfo, pdfQrCode, pdfText } from './pdf.ts';

// A3 and A4 in PostScript points (1 mm = 72 / 25.4 pt); Chromium rounds to whole CSS pixels.
const A3 = { width: 841.89, height: 1190.55 };
const A4 = { width: 595.28, height: 841.89 };
const site = String(astroConfig.site);

/** Ids of the content files in a folder (known before the tests are collected). */
const idsIn = (dir: string) => readdirSync(`content/${dir}`).map((f) => f.replace(/\.yaml$/, ''));

/**
 * Budget per printed sheet: a PDF takes 1–3 s idle and over 20 s when four other engineers'
 * builds share the two cores. One test per sheet, so a slow one never eats another's budget.
 */
const PRINT_BUDGET_MS = 120_000;

let browser: Browser;
let dir: string;
let roster: Roster;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'envgrid-pdf-'));
  roster = await loadRoster('content');
});

/**
 * A fresh page for each print: a print cut short by a timeout must not leave its page busy for
 * the next test (Chromium then answers `Printing failed`).
 */
async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

/** Where the address printed under a QR code wraps: the character before each line break. */
function breaksOf(el: Element): string[] {
  const text = el.textContent ?? '';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const tops: number[] = [];
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.textContent!.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      tops.push(Math.round(range.getBoundingClientRect().top));
    }
  }
  const out: string[] = [];
  for (let i = 1; i < tops.length; i++) if (tops[i]! > tops[i - 1]!) out.push(text[i - 1]!);
  return out;
}
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens `path`, prints it as Chromium would (CSS page size), and returns the PDF's path. */
async function print(path: string, name: string): Promise<string> {
  return withPage(async (page) => {
    const res = await page.goto(`${inject('baseURL')}${path}`);
    expect(res?.status()).toBe(200);
    await page.emulateMedia({ media: 'print' });
    // Nothing is clipped: the sheet's last block ends inside the sheet.
    const fits = await page.evaluate(() => {
      const sheet = document.querySelector('.sheet')!;
      const last = sheet.lastElementChild!;
      return last.getBoundingClientRect().bottom <= sheet.getBoundingClientRect().bottom + 0.5;
    });
    expect(fits, `${path} overflows its sheet`).toBe(true);
    await page.emulateMedia({ media: null });
    const file = join(dir, `${name}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    return file;
  });
}

/**
 * The QR codes as printed: each code's element, rendered with print styles, decoded. (One code
 * per image: jsQR is unreliable with two codes side by side on a whole page.)
 */
async function printedQrCodes(path: string): Promise<string[]> {
  return withPage(async (page) => {
    await page.goto(`${inject('baseURL')}${path}`);
    await page.emulateMedia({ media: 'print' });
    const codes: string[] = [];
    for (const el of await page.locator('.qr-img').all()) {
      const text = decodeQr(await el.screenshot());
      expect(text, `a QR code on ${path} does not decode`).toBeDefined();
      // The address printed under the code is the one it encodes.
      const printed = await el.locator('xpath=..').locator('.qr-url').textContent();
      expect(printed).toBe(text);
      // It wraps only after a separator, never inside a word.
      const breaks = await el.locator('xpath=..').locator('.qr-url').evaluate(breaksOf);
      for (const b of breaks) expect('/?&=', `${path}: the address wraps after “${b}”`).toContain(b);
      codes.push(text!);
    }
    await page.emulateMedia({ media: null });
    return codes;
  });
}

function expectSize(info: { width: number; height: number }, paper: { width: number; height: number }) {
  expect(Math.abs(info.width - paper.width)).toBeLessThan(1);
  expect(Math.abs(info.height - paper.height)).toBeLessThan(1);
}

describe('enterprise gate placards', { timeout: PRINT_BUDGET_MS }, () => {
  it('exist for the sample enterprises', () => {
    expect(roster.enterprises.length).toBeGreaterThan(0);
  });

  it.each(idsIn('enterprises'))('%s prints on exactly one A3 page, with the facts and the grid persons', async (id) => {
    const e = roster.enterprises.find((x) => x.id === id)!;
    const pdf = await print(`/enterprises/${e.id}/placard/`, `placard-${e.id}`);
    const info = await pdfInfo(pdf);
    expect(info.pages, e.id).toBe(1);
    expectSize(info, A3);
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain(e.permit);
    for (const p of e.dischargePoints) expect(text).toContain(p.code);
    const village = roster.villages.find((v) => v.id === e.village)!;
    for (const s of village.supervisors) expect(text).toContain(s.phone!.replace(/\s+/g, ''));
  });

  it('carry QR codes that open the village page and the complaint form for that village', async () => {
    for (const e of roster.enterprises) {
      const village = roster.villages.find((v) => v.id === e.village)!;
      expect(await printedQrCodes(`/enterprises/${e.id}/placard/`)).toEqual([
        new URL(`/villages/${village.id}/`, site).href,
        new URL(`/complaint/?town=${village.town}&village=${village.id}`, site).href,
      ]);
    }
  });
});

describe('village bulletin-board notices', { timeout: PRINT_BUDGET_MS }, () => {
  // Every village in content/, one test (and one budget) each.
  it.each(idsIn('villages'))('%s prints on exactly one A4 page', async (id) => {
    const info = await pdfInfo(await print(`/villages/${id}/notice/`, `notice-${id}`));
    expect(info.pages, id).toBe(1);
    expectSize(info, A4);
  });

  it('lists the persons and channels and carries a QR code to the complaint form', async () => {
    const v = roster.villages.find((x) => x.id === 'beiguan')!;
    const pdf = await print(`/villages/${v.id}/notice/`, 'notice-qr');
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    for (const p of [...v.leaders, ...v.workers, ...v.supervisors]) expect(text).toContain(`${p.name}`);
    expect(text).toContain('12369');
    const complaint = new URL(`/complaint/?town=${v.town}&village=${v.id}`, site).href;
    expect(await pdfQrCode(pdf)).toBe(complaint); // decoded from the printed PDF itself
    expect(await printedQrCodes(`/villages/${v.id}/notice/`)).toEqual([complaint]);
  });
});
