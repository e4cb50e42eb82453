/**
 * Metadata stripping for WebP (a RIFF container) without decoding: chunks
 * are copied whole, EXIF and XMP chunks (and any chunk this module does not
 * know) are dropped, the VP8X flags that announce them are cleared and the
 * RIFF size is recomputed. The bitstream chunks (VP8, VP8L, ALPH, ANMF) are
 * untouched.
 */
import { ascii, concat, expect, startsWith, u32le, type Stripped } from './bytes.ts';

/** Chunks a decoder needs: the extended header, colour profile, animation, alpha and the bitstreams. */
const KEEP = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const IMAGE = new Set(['VP8 ', 'VP8L', 'ANMF']);
/** VP8X flag bits (first byte of its payload) that announce EXIF and XMP chunks. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

/** Rebuilds a WebP file without its metadata chunks; throws MalformedImage on a broken file. */
export function stripWebp(b: Uint8Array): Stripped {
  expect(b.length >= 12 && startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8), 'no RIFF/WEBP header');
  const end = 8 + u32le(b, 4);
  expect(end <= b.length, 'RIFF size runs past the end');
  const parts: Uint8Array[] = [];
  const removed: string[] = [];
  let image = false;
  for (let pos = 12; pos < end;) {
    expect(pos + 8 <= end, 'chunk header runs past the end');
    const fourcc = ascii(b, pos, 4);
    const size = u32le(b, pos + 4);
    const next = pos + 8 + size + (size & 1); // chunks are padded to an even length
    expect(next <= end, `chunk ${JSON.stringify(fourcc)} runs past the end`);
    expect(pos > 12 || ['VP8 ', 'VP8L', 'VP8X'].includes(fourcc), 'first chunk is not VP8, VP8L or VP8X');
    if (KEEP.has(fourcc)) {
      let chunk = b.subarray(pos, next);
      if (fourcc === 'VP8X') {
        expect(size >= 10, 'VP8X chunk too short');
        chunk = chunk.slice(); // a copy: the flags change
        chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      }
      if (IMAGE.has(fourcc)) image = true;
      parts.push(chunk);
    } else {
      removed.push(fourcc.trim());
    }
    pos = next;
  }
  expect(image, 'no image data');
  if (end < b.length) removed.push('data after RIFF');
  const body = concat(parts);
  return { bytes: concat([b.subarray(0, 4), le32(body.length + 4), b.subarray(8, 12), body]), removed };
}
