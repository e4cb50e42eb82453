/**
 * Photo rules and metadata stripping on real images (sharp, pngjs) carrying
 * GPS-tagged Exif, XMP and the rest, checked with the independent reader in
 * tests/support/photos.ts.
 */
import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
import sharp from 'sharp';
import { crc32 } from '../../domain/photo-formats/bytes.ts';
import {
  PHOTO_MAX_BYTES,
  PhotoError,
  photoErrorsStatus,
  preparePhoto,
  preparePhotos,
  sniffPhoto,
} from '../../domain/photos.ts';
import {
  bytes,
  exifIfd0Tags,
  jpegSegment,
  findMetadata,
  jpegStructure,
  libraryTaggedJpeg,
  pngChunk,
  pngChunks,
  taggedJpeg,
  taggedPng,
  taggedTinyJpeg,
  tinyJpeg,
  taggedWebp,
  webpChunks,
} from '../support/photos.ts';

const enc = new TextEncoder();

/** The decoded pixels (after applying no orientation), for comparing two files' image content. */
async function pixels(b: Uint8Array): Promise<Buffer> {
  return sharp(b, { autoOrient: false }).raw().toBuffer();
}

function refusal(fn: () => unknown): PhotoError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PhotoError) return e;
    throw e;
  }
  throw new Error('expected a PhotoError');
}

describe('sniffPhoto judges by content', () => {
  it('recognises JPEG, PNG, WebP and HEIC, and nothing else', async () => {
    expect(sniffPhoto(await taggedJpeg())).toBe('image/jpeg');
    expect(sniffPhoto(taggedPng())).toBe('image/png');
    expect(sniffPhoto(await taggedWebp())).toBe('image/webp');
    const heic = Uint8Array.of(0, 0, 0, 0x18, ...enc.encode('ftypheic'), 0, 0, 0, 0, ...enc.encode('mif1heic'));
    expect(sniffPhoto(heic)).toBe('heic');
    const avif = Uint8Array.of(0, 0, 0, 0x1c, ...enc.encode('ftypavif'), 0, 0, 0, 0, ...enc.encode('avifmif1miaf'));
    expect(sniffPhoto(avif)).toBe('unknown');
    expect(sniffPhoto(enc.encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('unknown');
    expect(sniffPhoto(new Uint8Array())).toBe('unknown');
    expect(sniffPhoto(enc.encode('GIF89a'))).toBe('unknown');
  });
});

describe('JPEG', () => {
  it('keeps no Exif, GPS, XMP, IPTC, comment, thumbnail or appended image, and the image data byte for byte', async () => {
    const input = await taggedJpeg();
    expect(findMetadata(input).length).toBeGreaterThan(8); // the reader sees what was planted
    const out = preparePhoto(input, 0);
    expect(out.type).toBe('image/jpeg');
    expect(findMetadata(out.bytes)).toEqual([]);
    expect(Buffer.from(jpegStructure(out.bytes).imageData)).toEqual(Buffer.from(jpegStructure(input).imageData));
    expect(out.removed).toEqual(
      expect.arrayContaining(['JFIF thumbnail', 'Exif', 'XMP', 'MPF', 'IPTC/Photoshop', 'COM', 'data after EOI']),
    );
    expect(await pixels(out.bytes)).toEqual(await pixels(input));
  });

  it('carries the orientation over alone, so a portrait photo stays upright', async () => {
    const out = preparePhoto(await taggedJpeg({ orientation: 6 }), 0).bytes;
    const exif = jpegStructure(out).segments.filter((s) => s.marker === 0xe1);
    expect(exif).toHaveLength(1);
    expect(exifIfd0Tags(exif[0]!.payload)).toEqual([0x0112]);
    expect((await sharp(out).metadata()).orientation).toBe(6);
    const upright = preparePhoto(await taggedJpeg({ orientation: 1 }), 0).bytes;
    expect(jpegStructure(upright).segments.some((s) => s.marker === 0xe1)).toBe(false);
  });

  it('keeps the ICC colour profile and JFIF header', async () => {
    const out = preparePhoto(await taggedJpeg(), 0).bytes;
    const markers = jpegStructure(out).segments.map((s) => s.marker);
    expect(markers[0]).toBe(0xe0);
    expect(markers).toContain(0xe2);
    expect((await sharp(out).metadata()).icc).toBeDefined();
  });

  it('strips a progressive JPEG and keeps every scan', async () => {
    const input = await taggedJpeg({ progressive: true });
    const out = preparePhoto(input, 0).bytes;
    expect(findMetadata(out)).toEqual([]);
    expect(Buffer.from(jpegStructure(out).imageData)).toEqual(Buffer.from(jpegStructure(input).imageData));
    expect(await pixels(out)).toEqual(await pixels(input));
  });

  it('strips Exif with GPS written by libvips (a second, independent writer)', async () => {
    const input = await libraryTaggedJpeg();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = preparePhoto(input, 0).bytes;
    expect(findMetadata(out)).toEqual([]);
    const meta = await sharp(out).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
  });

  it('strips the hand-coded JPEG the worker tests use, which decodes as 16×8', async () => {
    const out = preparePhoto(taggedTinyJpeg(), 0).bytes;
    expect(findMetadata(out)).toEqual([]);
    const meta = await sharp(tinyJpeg()).metadata();
    expect([meta.width, meta.height]).toEqual([16, 8]);
    expect(await pixels(out)).toEqual(await pixels(tinyJpeg()));
  });

  it('drops segments it does not know (APP11, JPGn extensions), keeping its list of kept segments closed', async () => {
    const t = tinyJpeg();
    const input = bytes(
      t.subarray(0, 2),
      jpegSegment(0xeb, bytes('JP', 'GPS-SENTINEL')),
      jpegSegment(0xf1, bytes('GPS-SENTINEL')),
      t.subarray(2),
    );
    const out = preparePhoto(input, 0);
    expect(findMetadata(out.bytes)).toEqual([]);
    expect(out.removed).toEqual(['APP11', 'marker 0xF1']);
    expect(await pixels(out.bytes)).toEqual(await pixels(t));
  });

  it('refuses every truncation, naming the photo', async () => {
    const input = await taggedJpeg();
    for (let cut = 0; cut < input.length; cut += 7) {
      // Cutting inside the appended image still leaves the first one whole: refused only up to its EOI.
      const firstEoi =
        jpegStructure(input).imageData.byteOffset - input.byteOffset + jpegStructure(input).imageData.length;
      if (cut >= firstEoi) break;
      const e = refusal(() => preparePhoto(input.subarray(0, cut), 1));
      expect(e.problem, `cut at ${cut}`).toBe(cut < 3 ? (cut === 0 ? 'empty' : 'type') : 'malformed');
    }
    const e = refusal(() => preparePhoto(input.subarray(0, input.length / 3), 1));
    expect(e.message).toBe('第 2 张照片的 JPEG 数据不完整或已损坏，请重新拍摄或换一张');
    expect(e.status).toBe(400);
  });

  it('refuses a segment whose length runs past the end of the file', async () => {
    const input = await taggedJpeg();
    const broken = input.slice(0, 40);
    broken[4] = 0xff; // APP0 length 0xFF10: far past the 40 bytes
    expect(refusal(() => preparePhoto(broken, 0)).problem).toBe('malformed');
    const junk = input.slice();
    junk[4 + ((input[4]! << 8) | input[5]!)] = 0x00; // no marker where the second segment must start
    expect(refusal(() => preparePhoto(junk, 0)).problem).toBe('malformed');
  });
});

describe('PNG', () => {
  it('computes CRC-32 as zlib does, for every length modulo four', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000, 1003]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
      expect(crc32(b), `length ${n}`).toBe(zlibCrc32(b));
    }
  });

  it('keeps no eXIf, text, XMP, time or private chunk, and the IDAT data byte for byte', async () => {
    const input = taggedPng();
    expect(findMetadata(input).length).toBeGreaterThan(5);
    const out = preparePhoto(input, 0);
    expect(out.type).toBe('image/png');
    expect(findMetadata(out.bytes)).toEqual([]);
    expect(pngChunks(out.bytes).map((c) => c.type)).toEqual(['IHDR', 'gAMA', 'sRGB', 'IDAT', 'IEND']);
    const idat = (b: Uint8Array) =>
      Buffer.concat(
        pngChunks(b)
          .filter((c) => c.type === 'IDAT')
          .map((c) => c.data),
      );
    expect(idat(out.bytes)).toEqual(idat(input));
    expect(out.removed).toEqual(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'pHYs', 'vpAg', 'data after IEND']);
    expect(await pixels(out.bytes)).toEqual(await pixels(input));
  });

  it('refuses truncations, a wrong CRC and an unknown critical chunk', () => {
    const input = taggedPng();
    const iend = Buffer.from(input).lastIndexOf('IEND') + 8;
    for (let cut = 8; cut < iend; cut += 13) {
      expect(refusal(() => preparePhoto(input.subarray(0, cut), 0)).problem, `cut at ${cut}`).toBe('malformed');
    }
    const crc = input.slice();
    crc[29] = crc[29]! ^ 1; // the last byte of IHDR's CRC
    expect(refusal(() => preparePhoto(crc, 2)).message).toBe(
      '第 3 张照片的 PNG 数据不完整或已损坏，请重新拍摄或换一张',
    );
    const critical = Buffer.concat([input.subarray(0, 33), pngChunk('ABCD', new Uint8Array(4)), input.subarray(33)]);
    expect(refusal(() => preparePhoto(critical, 0)).problem).toBe('malformed');
  });
});

describe('WebP', () => {
  for (const lossless of [false, true]) {
    it(`keeps no EXIF, XMP or unknown chunk, clears the VP8X flags and fixes the RIFF size (${lossless ? 'lossless' : 'lossy + alpha'})`, async () => {
      const input = await taggedWebp(lossless);
      expect(findMetadata(input).length).toBeGreaterThan(3);
      const out = preparePhoto(input, 0);
      expect(out.type).toBe('image/webp');
      expect(findMetadata(out.bytes)).toEqual([]);
      const view = new DataView(out.bytes.buffer, out.bytes.byteOffset);
      expect(view.getUint32(4, true)).toBe(out.bytes.length - 8);
      const chunks = webpChunks(out.bytes);
      expect(chunks[0]!.fourcc).toBe('VP8X');
      expect(chunks[0]!.data[0]).toBe(0x10); // alpha only
      const image = (b: Uint8Array) =>
        webpChunks(b)
          .filter((c) => ['VP8 ', 'VP8L', 'ALPH'].includes(c.fourcc))
          .map((c) => Buffer.from(c.data).toString('hex'));
      expect(image(out.bytes)).toEqual(image(input));
      expect(out.removed).toEqual(['EXIF', 'XMP', 'ZZZZ']);
      expect(await pixels(out.bytes)).toEqual(await pixels(input));
    });
  }

  it('refuses a RIFF size or chunk size past the end', async () => {
    const input = await taggedWebp();
    expect(refusal(() => preparePhoto(input.subarray(0, input.length - 1), 0)).problem).toBe('malformed');
    const chunk = input.slice();
    chunk.set([0xff, 0xff, 0xff], 16); // the VP8X chunk's size: 16 MB, past the end of the file
    expect(refusal(() => preparePhoto(chunk, 0)).problem).toBe('malformed');
  });
});

describe('what is refused, by content and size', () => {
  it('refuses a PDF renamed to .jpg (415), naming the photo', () => {
    const pdf = enc.encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
    const e = refusal(() => preparePhoto(pdf, 1));
    expect(e.status).toBe(415);
    expect(e.message).toBe('第 2 张照片不是 JPEG/PNG/WebP 图片，请选择手机拍摄的照片');
    expect(e.field).toBe('photos');
  });

  it('refuses an 11 MB photo (413) before parsing it', async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(await taggedJpeg());
    const e = refusal(() => preparePhoto(big, 0));
    expect(e.status).toBe(413);
    expect(e.message).toBe('第 1 张照片有 11.0 MB，超过 10 MB 的上限，请压缩或换一张');
    // Exactly 10 MB passes the size check (and is then judged by its content).
    const limit = new Uint8Array(PHOTO_MAX_BYTES);
    limit.set([0xff, 0xd8, 0xff]);
    expect(refusal(() => preparePhoto(limit, 0)).problem).toBe('malformed');
  });

  it('refuses HEIC with a request for JPEG', () => {
    const heic = Uint8Array.of(
      0,
      0,
      0,
      0x18,
      ...enc.encode('ftypheic'),
      0,
      0,
      0,
      0,
      ...enc.encode('mif1heic'),
      0,
      0,
      0,
      0,
    );
    const e = refusal(() => preparePhoto(heic, 2));
    expect(e.status).toBe(415);
    expect(e.message).toMatch(/^第 3 张照片是 HEIC 格式，请改用 JPEG/);
  });

  it('refuses a fourth photo and reports every problem of a set at once', async () => {
    const jpeg = await taggedJpeg();
    const same = (b: Uint8Array) => b;
    const four = await preparePhotos([jpeg, jpeg, jpeg, jpeg], same);
    expect(four.ok).toBe(false);
    if (!four.ok)
      expect(four.errors.map((e) => e.message)).toEqual(['最多可以附 3 张照片，这次选了 4 张，请去掉 1 张']);
    const mixed = await preparePhotos([jpeg, enc.encode('%PDF-1.4'), new Uint8Array()], same);
    expect(mixed.ok).toBe(false);
    if (mixed.ok) return;
    expect(mixed.errors.map((e) => [e.index, e.problem])).toEqual([
      [1, 'type'],
      [2, 'empty'],
    ]);
    expect(photoErrorsStatus(mixed.errors)).toBe(415);
    const three = await preparePhotos([jpeg, taggedPng(), await taggedWebp()], same);
    expect(three.ok && three.photos.map((p) => p.type)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
  });
});

describe('damaged files', () => {
  it('either strip or refuse with a PhotoError, never crash', async () => {
    const { default: fc } = await import('fast-check');
    const samples = [await taggedJpeg(), taggedPng(), await taggedWebp()];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (which, flips) => {
          const b = samples[which]!.slice();
          for (const [at, v] of flips) b[at % b.length] = v;
          try {
            preparePhoto(b, 0);
          } catch (e) {
            if (!(e instanceof PhotoError)) throw e;
          }
        },
      ),
      { numRuns: 600, seed: 14 },
    );
  });
});
