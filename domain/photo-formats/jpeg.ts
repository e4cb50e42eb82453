/**
 * Metadata stripping for JPEG without decoding: the file is walked segment
 * by segment and rebuilt from the segments a decoder needs. The image data
 * (every SOS header and its entropy-coded scan) is copied byte for byte.
 *
 * Kept: DQT, DHT, SOFn, SOS + scan, DRI, DAC, DNL, RSTn, APP0 JFIF (rewritten
 * without its thumbnail), APP2 ICC_PROFILE (colours; iPhones shoot Display
 * P3, which looks wrong without it; it is a colour table shared by every
 * phone of a model and says nothing about the person or place), APP14 Adobe
 * (tells the decoder the colour transform). The Exif orientation is carried
 * over alone in a new minimal Exif segment, so portrait photos stay upright.
 * Dropped: APP1 (Exif with GPS, camera and time; XMP), APP0 JFXX thumbnails,
 * other APP2 (MPF: the index of extra images phones append), APP3–APP13
 * (APP13 is IPTC/Photoshop), APP15, COM, the JPGn extension and reserved
 * markers, and everything after EOI (appended depth maps, HDR gain maps,
 * motion-photo videos, MPF images with their own Exif). The list of what is
 * kept is closed: a segment this module does not know is dropped.
 *
 * The walk is strict: bytes where a marker must start, a length past the end
 * or a missing EOI refuse the file. Skipping such bytes as some decoders do
 * could land on an 0xFF inside an Exif block and copy it as a "segment".
 */
import { concat, expect, startsWith, u16be, type Stripped } from './bytes.ts';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

/** SOFn markers (frame headers): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isFrame(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** Table and control segments a decoder reads: DHT, DAC, DNL, DQT, DRI, DHP, EXP. */
const DECODING = new Set([0xc4, 0xcc, 0xdb, 0xdc, 0xdd, 0xde, 0xdf]);

/** Markers that stand alone, without a length: RST0–7 and TEM. */
function isStandalone(m: number): boolean {
  return (m >= 0xd0 && m <= 0xd7) || m === 0x01;
}

/**
 * The Exif orientation (2–8) of an APP1 Exif payload, or undefined when it
 * is 1, absent or unreadable (an unreadable Exif is dropped like any other).
 */
export function exifOrientation(payload: Uint8Array): number | undefined {
  if (!startsWith(payload, 'Exif\0\0') || payload.length < 14) return undefined;
  const t = payload.subarray(6);
  const le = startsWith(t, 'II');
  if (!le && !startsWith(t, 'MM')) return undefined;
  const u16 = (at: number) => (le ? t[at]! | (t[at + 1]! << 8) : u16be(t, at));
  const u32 = (at: number) => u16(le ? at + 2 : at) * 0x10000 + u16(le ? at : at + 2);
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd + 2 > t.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) return undefined;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v >= 2 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}

/** A complete APP1 segment holding an Exif block with the orientation tag and nothing else. */
export function orientationSegment(orientation: number): Uint8Array {
  // prettier-ignore
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD0 at 8
    0x00, 0x01,                                     // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // Orientation, SHORT, count 1
    0x00, orientation, 0x00, 0x00,                  // value, padding
    0x00, 0x00, 0x00, 0x00,                         // no next IFD
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]; // "Exif\0\0"
  const length = payload.length + 2;
  return Uint8Array.from([0xff, APP1, length >> 8, length & 0xff, ...payload]);
}

/** APP0 JFIF with the thumbnail (which may show what the photo was cropped from) cut off. */
function jfifWithoutThumbnail(payload: Uint8Array): Uint8Array {
  const head = payload.subarray(0, 12); // "JFIF\0", version, units, densities
  return Uint8Array.from([0xff, APP0, 0x00, 16, ...head, 0x00, 0x00]);
}

/** Returns the end of the entropy-coded data that starts at `from`: the first marker that is not RSTn. */
function scanEnd(b: Uint8Array, from: number): number {
  let p = from;
  for (;;) {
    p = b.indexOf(0xff, p);
    expect(p >= 0, 'scan data runs past the end of the file');
    let q = p + 1;
    while (q < b.length && b[q] === 0xff) q++;
    expect(q < b.length, 'scan data runs past the end of the file');
    const m = b[q]!;
    if (m !== 0x00 && !(m >= 0xd0 && m <= 0xd7)) return p;
    p = q + 1; // a stuffed 0xFF00 byte or a restart marker: still scan data
  }
}

/** Rebuilds a JPEG without its metadata segments; throws MalformedImage on a broken file. */
export function stripJpeg(b: Uint8Array): Stripped {
  expect(b.length >= 4 && b[0] === 0xff && b[1] === SOI, 'no SOI marker');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let pos = 2;
  let frame = false;
  let scan = false;
  let orientation: number | undefined;
  for (;;) {
    expect(pos < b.length, 'file ends before EOI');
    expect(b[pos] === 0xff, `expected a marker at byte ${pos}`);
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    expect(pos < b.length, 'file ends before EOI');
    const m = b[pos++]!;
    expect(m !== 0x00 && m !== SOI, `unexpected marker 0x${m.toString(16)}`);
    if (m === EOI) {
      parts.push(Uint8Array.of(0xff, EOI));
      if (pos < b.length) removed.push('data after EOI');
      break;
    }
    if (isStandalone(m)) {
      parts.push(Uint8Array.of(0xff, m));
      continue;
    }
    expect(pos + 2 <= b.length, 'segment length past the end');
    const length = u16be(b, pos);
    expect(length >= 2 && pos + length <= b.length, `segment 0x${m.toString(16)} runs past the end`);
    const segment = b.subarray(pos - 2, pos + length);
    const payload = b.subarray(pos + 2, pos + length);
    pos += length;
    if (m === SOS) {
      expect(frame, 'scan before frame header');
      const end = scanEnd(b, pos);
      parts.push(segment, b.subarray(pos, end));
      pos = end;
      scan = true;
    } else if (m === APP0 && startsWith(payload, 'JFIF\0') && payload.length >= 14) {
      parts.push(jfifWithoutThumbnail(payload));
      if (payload.length > 14) removed.push('JFIF thumbnail');
    } else if (m === APP2 && startsWith(payload, 'ICC_PROFILE\0')) {
      parts.push(segment);
    } else if (m === APP14 && startsWith(payload, 'Adobe')) {
      parts.push(segment);
    } else if (isFrame(m) || DECODING.has(m)) {
      if (isFrame(m)) frame = true;
      parts.push(segment);
    } else {
      // Every other segment: APPn, COM, the JPGn extensions (F0–FD) and reserved markers.
      if (m === APP1) orientation ??= exifOrientation(payload);
      removed.push(segmentName(m, payload));
    }
  }
  expect(frame && scan, 'no frame header or no image data');
  // The orientation goes right after SOI (and JFIF), where readers look for Exif.
  if (orientation) parts.splice(parts[1] && parts[1][1] === APP0 ? 2 : 1, 0, orientationSegment(orientation));
  return { bytes: concat(parts), removed };
}

/** A readable name for a dropped segment. */
function segmentName(m: number, payload: Uint8Array): string {
  if (m === COM) return 'COM';
  if (m === APP1 && startsWith(payload, 'Exif')) return 'Exif';
  if (m === APP1 && startsWith(payload, 'http://ns.adobe.com/')) return 'XMP';
  if (m === APP2 && startsWith(payload, 'MPF')) return 'MPF';
  if (m === 0xed) return 'IPTC/Photoshop';
  if (m >= APP0 && m <= 0xef) return `APP${m - APP0}`;
  return `marker 0x${m.toString(16).toUpperCase()}`;
}
