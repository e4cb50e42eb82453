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

let browser: Browser;
let page: Page;
let dir: string;
let roster: Roster;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  dir = await mkdtemp(join(tmpdir(), 'envgrid-pdf-'));
  roster = await loadRoster('content');
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens `path`, prints it as Chromium would (CSS page size), and returns the PDF's path. */
async function print(path: string, name: string): Promise<string> {
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
}

/**
 * The QR codes as printed: each code's element, rendered with print styles, decoded. (One code
 * per image: jsQR is unreliable with two codes side by side on a whole page.)
 */
async function printedQrCodes(path: string): Promise<string[]> {
  await page.goto(`${inject('baseURL')}${path}`);
  await page.emulateMedia({ media: 'print' });
  const codes: string[] = [];
  for (const el of await page.locator('.qr-img').all()) {
    const text = decodeQr(await el.screenshot());
    expect(text, `a QR code on ${path} does not decode`).toBeDefined();
    // The address printed under the code is the one it encodes.
    const printed = await el.locator('xpath=..').locator('.qr-url').textContent();
    expect(printed).toBe(text);
    codes.push(text!);
  }
  await page.emulateMedia({ media: null });
  return codes;
}

function expectSize(info: { width: number; height: number }, paper: { width: number; height: number }) {
  expect(Math.abs(info.width - paper.width)).toBeLessThan(1);
  expect(Math.abs(info.height - paper.height)).toBeLessThan(1);
}

describe('enterprise gate placards', () => {
  it('print on exactly one A3 page each, with the facts and the grid persons', async () => {
    expect(roster.enterprises.length).toBeGreaterThan(0);
    for (const e of roster.enterprises) {
      const pdf = await print(`/enterprises/${e.id}/placard/`, `placard-${e.id}`);
      const info = await pdfInfo(pdf);
      expect(info.pages, e.id).toBe(1);
      expectSize(info, A3);
      const text = (await pdfText(pdf)).replace(/\s+/g, '');
      expect(text).toContain(e.permit);
      for (const p of e.dischargePoints) expect(text).toContain(p.code);
      const village = roster.villages.find((v) => v.id === e.village)!;
      for (const s of village.supervisors) expect(text).toContain(s.phone!.replace(/\s+/g, ''));
    }
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

describe('village bulletin-board notices', () => {
  it('print on exactly one A4 page each', async () => {
    for (const v of roster.villages) {
      const info = await pdfInfo(await print(`/villages/${v.id}/notice/`, `notice-${v.id}`));
      expect(info.pages, v.id).toBe(1);
      expectSize(info, A4);
    }
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
