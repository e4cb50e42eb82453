/**
 * A complaint with a photo in Chromium against the built Worker, real local
 * D1 and R2: filed with JavaScript off (the plain multipart form) and on (the
 * photo re-encoded on a canvas by a script loaded only once a photo is
 * chosen); the tracking code appears; the office sees the photo on the case
 * page through a signed link, and the citizen's status page shows none.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInAs } from './browser.ts';
import { findMetadata, taggedJpeg } from '../support/photos.ts';
import { CODE_ALPHABET } from '../../domain/tracking-code.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';
const CODE = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

let browser: Browser;
let photo: Buffer;
beforeAll(async () => {
  browser = await launchBrowser();
  photo = Buffer.from(await taggedJpeg());
  expect(findMetadata(photo).length).toBeGreaterThan(0);
});
afterAll(async () => {
  await browser?.close();
});

/** Fills the form's required fields (an anonymous complaint) and chooses the photo. */
async function fillWithPhoto(page: Page, description: string) {
  await page.check('input[name=category][value=dust]');
  await page.check('input[name=placeType][value=construction_site]');
  await page.selectOption('#f-townId', 'jiedao');
  await page.fill('#f-description', description);
  await page.check('#f-anonymous-true');
  await page.setInputFiles('#f-photos', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
}

/** Sends the form and returns the tracking code from the confirmation page. */
async function send(page: Page): Promise<string> {
  await Promise.all([page.waitForURL(/\/complaint\/submitted\/\?code=/), page.click('#f-submit')]);
  const code = (await page.locator('.confirmation .tracking-code').innerText()).trim();
  expect(code).toMatch(CODE);
  return code;
}

/** The office opens the case page: one photo, shown (decoded) through a signed link; the photo has no metadata. */
async function officeSeesPhoto(code: string) {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await ctx.newPage();
  await signInAs(page, base, OFFICE, '/staff/');
  await page.goto(`${base}/staff/cases/${code}/`);
  expect(await page.locator('#photos-title').innerText()).toBe('照片（1 张）');
  const img = page.locator('#photos img');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  const src = (await img.getAttribute('src'))!;
  expect(src).toMatch(/^\/api\/photos\/[0-9a-f-]{36}\?exp=\d+&sig=/);
  const res = await page.request.get(`${base}${src}`);
  expect(res.status()).toBe(200);
  expect(findMetadata(await res.body())).toEqual([]);
  await ctx.close();
  return src;
}

/** The citizen's status page: no photo and no photo link. */
async function statusShowsNoPhoto(page: Page, code: string) {
  await page.goto(`${base}/complaint/status/?code=${code}`);
  expect(await page.locator('#status-title').innerText()).toContain(code);
  const html = await page.content();
  expect(html).not.toContain('/api/photos/');
  expect(await page.locator('img').count()).toBe(0);
}

describe('a complaint with a photo', () => {
  it('is filed with JavaScript off as a plain multipart form; the office sees the photo', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/complaint/`);
    expect(await page.getAttribute('form[data-complaint-form]', 'enctype')).toBe('multipart/form-data');
    await fillWithPhoto(page, '示例：工地围挡内裸土没有苫盖，附现场照片一张（无脚本）。');
    const code = await send(page);
    await statusShowsNoPhoto(page, code);
    await ctx.close();
    await officeSeesPhoto(code);
  }, 120_000);

  it('is filed with JavaScript on: the re-encoding script loads only once a photo is chosen', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const uploads: number[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') uploads.push(r.postDataBuffer()?.length ?? 0);
    });
    await page.goto(`${base}/complaint/`);
    await page.waitForLoadState('networkidle');
    const atLoad = scripts.length;
    await fillWithPhoto(page, '示例：工地围挡内裸土没有苫盖，附现场照片一张（有脚本）。');
    await expect.poll(() => page.locator('[data-photo-status]').innerText()).toMatch(/^已处理 1 张照片/);
    expect(scripts.length).toBeGreaterThan(atLoad); // the photo script came only now
    // The input now holds the re-encoded JPEG (a canvas writes no Exif, XMP or comment).
    const chosen = await page.evaluate(async () => {
      const f = document.querySelector<HTMLInputElement>('#f-photos')!.files![0]!;
      return { name: f.name, type: f.type, bytes: [...new Uint8Array(await f.arrayBuffer())] };
    });
    expect(chosen).toMatchObject({ name: 'IMG_2041.jpg', type: 'image/jpeg' });
    expect(findMetadata(Uint8Array.from(chosen.bytes))).toEqual([]);
    const code = await send(page);
    expect(uploads).toHaveLength(1);
    await statusShowsNoPhoto(page, code);
    await ctx.close();
    await officeSeesPhoto(code);
  }, 120_000);
});
