/**
 * Photo fixtures for tests that run in Node: real encoded images (sharp for
 * JPEG and WebP, pngjs for PNG) carrying metadata written by photo-bytes.ts
 * (Exif with camera, time and GPS tags, XMP with GPS, IPTC, comments,
 * thumbnails, trailing data). Re-exports photo-bytes.ts, whose reader checks
 * what survives.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { PNG } from 'pngjs';
import { be32, bytes, gpsExif, jpegSegment, le32, webpChunks, XMP } from './photo-bytes.ts';

export * from './photo-bytes.ts';

const enc = new TextEncoder();

/** A small real JPEG (sharp) with an sRGB ICC profile and no metadata of its own. */
export async function baseJpeg(
  opts: { progressive?: boolean; width?: number; height?: number } = {},
): Promise<Uint8Array> {
  const { width = 64, height = 48 } = opts;
  const raw = gradient(width, height, 3);
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .withIccProfile('srgb')
      .jpeg({ quality: 80, progressive: opts.progressive ?? false })
      .toBuffer(),
  );
}

/** Pixels that vary across the image, so a broken decode cannot look right by chance. */
export function gradient(width: number, height: number, channels: 3 | 4): Buffer {
  const b = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      b[i] = (x * 255) / width;
      b[i + 1] = (y * 255) / height;
      b[i + 2] = ((x + y) * 97) & 0xff;
      if (channels === 4) b[i + 3] = x < width / 2 ? 255 : 128;
    }
  return b;
}

/**
 * A JPEG carrying every kind of metadata a phone or an editor leaves: JFIF
 * with a thumbnail, Exif with GPS, XMP, MPF, IPTC/Photoshop, a comment, and a
 * second JPEG (with its own Exif) appended after EOI as phones do for depth
 * maps and multi-picture files.
 */
export async function taggedJpeg(opts: { orientation?: number; progressive?: boolean } = {}): Promise<Uint8Array> {
  const base = await baseJpeg(opts);
  const jfif = bytes('JFIF\0', [1, 1, 0, 0, 72, 0, 72, 2, 1], [0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
  const exif = bytes('Exif\0\0', gpsExif(opts.orientation ?? 6));
  const xmp = bytes('http://ns.adobe.com/xap/1.0/\0', XMP);
  const mpf = bytes('MPF\0', 'MM', [0, 42, 0, 0, 0, 8, 0, 0]);
  const iptc = bytes('Photoshop 3.0\0', '8BIM', [4, 4, 0, 0, 0, 0, 0, 16], [0x1c, 2, 0x50, 0, 12], '示例拍摄者');
  const head = bytes(
    base.subarray(0, 2),
    jpegSegment(0xe0, jfif),
    jpegSegment(0xe1, exif),
    jpegSegment(0xe1, xmp),
    jpegSegment(0xe2, mpf),
    jpegSegment(0xed, iptc),
    jpegSegment(0xfe, enc.encode('EnvGridCam comment')),
  );
  const appended = bytes([0xff, 0xd8], jpegSegment(0xe1, exif), base.subarray(2));
  return bytes(head, base.subarray(2), appended);
}

/** A JPEG whose Exif (with GPS) was written by libvips rather than by this module. */
export async function libraryTaggedJpeg(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(gradient(32, 24, 3), { raw: { width: 32, height: 24, channels: 3 } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'EnvGridCam', Model: 'ShiLi-Model 7' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 37/1 5123/100', GPSProcessingMethod: 'GPS-SENTINEL' },
      })
      .toBuffer(),
  );
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = bytes(type, data);
  return bytes(be32(data.length), body, be32(crc32(body)));
}

/** A real PNG (pngjs, RGBA) with gAMA and sRGB, plus text, XMP, Exif, time and private chunks, and trailing data. */
export function taggedPng(): Uint8Array {
  const png = new PNG({ width: 40, height: 30 });
  gradient(40, 30, 4).copy(png.data);
  const base = new Uint8Array(PNG.sync.write(png));
  const ihdrEnd = 8 + 12 + 13;
  const extra = [
    pngChunk('gAMA', Uint8Array.from(be32(45455))),
    pngChunk('sRGB', Uint8Array.of(0)),
    pngChunk('eXIf', gpsExif(1)),
    pngChunk('tEXt', bytes('Author\0', 'EnvGridCam')),
    pngChunk('zTXt', bytes('Comment\0', [0], [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('iTXt', bytes('XML:com.adobe.xmp\0', [0, 0], '\0\0', XMP)),
    pngChunk('tIME', Uint8Array.of(0x07, 0xea, 11, 30, 8, 15, 0)),
    pngChunk('pHYs', Uint8Array.of(0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1)),
    pngChunk('vpAg', bytes('GPS-SENTINEL')),
  ];
  return bytes(base.subarray(0, ihdrEnd), ...extra, base.subarray(ihdrEnd), 'GPS-SENTINEL trailing');
}

/** Builds a PNG chunk (exported for tests that corrupt files). */
export { pngChunk };

function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  return bytes(fourcc, le32(data.length), data, data.length & 1 ? [0] : []);
}

/**
 * A real WebP (sharp, lossy with alpha, or lossless) rebuilt as an extended
 * file with EXIF (GPS) and XMP chunks, their VP8X flags set, and an unknown
 * chunk.
 */
export async function taggedWebp(lossless = false): Promise<Uint8Array> {
  const base = new Uint8Array(
    await sharp(gradient(40, 30, 4), { raw: { width: 40, height: 30, channels: 4 } })
      .webp({ lossless, quality: 80 })
      .toBuffer(),
  );
  const chunks = webpChunks(base).filter((c) => c.fourcc !== 'VP8X');
  const vp8x = Uint8Array.from([0x10 | 0x08 | 0x04, 0, 0, 0, ...le32(40 - 1).slice(0, 3), ...le32(30 - 1).slice(0, 3)]);
  const body = bytes(
    riffChunk('VP8X', vp8x),
    ...chunks.map((c) => riffChunk(c.fourcc, c.data)),
    riffChunk('EXIF', gpsExif(1)),
    riffChunk('XMP ', enc.encode(XMP)),
    riffChunk('ZZZZ', bytes('GPS-SENTINEL')),
  );
  return bytes('RIFF', le32(body.length + 4), 'WEBP', body);
}
