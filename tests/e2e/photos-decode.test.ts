/**
 * Stripped photos still decode in a real browser (Debian's Chromium), show
 * the same pixels as the originals, and keep portrait photos upright. No
 * server is needed: each image is loaded from a data: URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { preparePhoto } from '../../domain/photos.ts';
import { findMetadata, taggedJpeg, taggedPng, taggedTinyJpeg, taggedWebp } from '../support/photos.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

interface Decoded {
  width: number;
  height: number;
  /** FNV-1a hash of the RGBA pixels as drawn on a canvas. */
  pixels: number;
}

/** Loads each data: URL as an <img>, waits for it to decode, and reads its size and pixels. */
function decode(urls: string[]): Promise<(Decoded | string)[]> {
  return page.evaluate(async (list) => {
    return Promise.all(
      list.map(async (src) => {
        const img = new Image();
        img.src = src;
        try {
          await img.decode();
        } catch (e) {
          return `decode failed: ${String(e)}`;
        }
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let h = 0x811c9dc5;
        for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193) >>> 0;
        return { width: img.naturalWidth, height: img.naturalHeight, pixels: h };
      }),
    );
  }, urls);
}

const dataUrl = (type: string, b: Uint8Array) => `data:${type};base64,${Buffer.from(b).toString('base64')}`;

describe('stripped photos in Chromium', () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, [number, number]][] = [
    ['JPEG, orientation 1', () => taggedJpeg({ orientation: 1 }), [64, 48]],
    ['JPEG, portrait (orientation 6)', () => taggedJpeg({ orientation: 6 }), [48, 64]],
    ['progressive JPEG', () => taggedJpeg({ orientation: 1, progressive: true }), [64, 48]],
    ['hand-coded JPEG', () => taggedTinyJpeg(1), [16, 8]],
    ['PNG', () => taggedPng(), [40, 30]],
    ['WebP, lossy with alpha', () => taggedWebp(false), [40, 30]],
    ['WebP, lossless', () => taggedWebp(true), [40, 30]],
  ];
  for (const [name, make, [width, height]] of cases) {
    it(`${name}: decodes to the same size and pixels as the original`, async () => {
      const input = await make();
      const out = preparePhoto(input, 0);
      expect(findMetadata(out.bytes)).toEqual([]);
      const [before, after] = await decode([dataUrl(out.type, input), dataUrl(out.type, out.bytes)]);
      expect(after).toEqual({ width, height, pixels: expect.any(Number) });
      expect(after).toEqual(before);
    });
  }
});
