/**
 * Metadata stripping for PNG without decoding: chunks are copied whole (with
 * their CRC, which is checked), and only those a viewer needs to show the
 * image as it was taken survive. The image data (IDAT) is untouched.
 *
 * Kept: the critical chunks IHDR, PLTE, IDAT, IEND; transparency (tRNS);
 * colour (gAMA, cHRM, sRGB, iCCP, sBIT, cICP, mDCV/mDCv, cLLI/cLLi); APNG
 * animation (acTL, fcTL, fdAT). Dropped: every other ancillary chunk — eXIf
 * (Exif with GPS), tEXt, zTXt, iTXt (XMP is carried in iTXt), tIME, pHYs,
 * bKGD, hIST, sPLT, C2PA manifests, vendor chunks — and anything after IEND.
 * An unknown critical chunk is refused: no viewer could show the file.
 */
import { ascii, concat, crc32, expect, u32be, type Stripped } from './bytes.ts';

/** The eight-byte PNG signature. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const RENDERING = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'cICP',
  'mDCV',
  'mDCv',
  'cLLI',
  'cLLi',
  'acTL',
  'fcTL',
  'fdAT',
]);

/** Rebuilds a PNG without its metadata chunks; throws MalformedImage on a broken file. */
export function stripPng(b: Uint8Array): Stripped {
  expect(b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v), 'no PNG signature');
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  let idat = false;
  for (let first = true; ; first = false) {
    expect(pos + 12 <= b.length, 'file ends before IEND');
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, 4);
    expect(/^[A-Za-z]{4}$/.test(type), `bad chunk type at byte ${pos}`);
    expect(length <= 0x7fffffff && pos + 12 + length <= b.length, `chunk ${type} runs past the end`);
    const end = pos + 12 + length;
    expect(crc32(b.subarray(pos + 4, end - 4)) === u32be(b, end - 4), `chunk ${type} has a wrong CRC`);
    expect(first === (type === 'IHDR'), first ? 'first chunk is not IHDR' : 'second IHDR');
    const chunk = b.subarray(pos, end);
    pos = end;
    if (CRITICAL.has(type) || RENDERING.has(type)) {
      parts.push(chunk);
      if (type === 'IDAT') idat = true;
      if (type === 'IEND') break;
    } else {
      // Bit 5 of the first letter (lower case) marks a chunk a viewer may skip.
      expect(type.charCodeAt(0) >= 0x61, `unknown critical chunk ${type}`);
      removed.push(type);
    }
  }
  expect(idat, 'no IDAT chunk');
  if (pos < b.length) removed.push('data after IEND');
  return { bytes: concat(parts), removed };
}
