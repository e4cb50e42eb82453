/**
 * Photo test support that runs anywhere (Node and workerd): Exif and XMP
 * blocks written byte by byte, a tiny hand-coded JPEG, and an independent
 * metadata reader that walks JPEG segments, PNG chunks and WebP chunks to
 * find any metadata left. It shares no code with domain/photo-formats, so a
 * bug there cannot hide itself.
 */

/** Text planted in every kind of metadata; none of it may be found in a stripped file. */
export const SENTINELS = [
  'EnvGridCam',
  'ShiLi-Model',
  '2026:11:30 08:15:00',
  'GPS-SENTINEL',
  '示例拍摄者',
  'ns.adobe.com',
];

const enc = new TextEncoder();
export const bytes = (...parts: (Uint8Array | number[] | string)[]): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...enc.encode(p)] : [...p])));
const le16 = (n: number) => [n & 0xff, n >> 8];
export const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const be16 = (n: number) => [n >> 8, n & 0xff];
export const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

type IfdValue = { ascii: string } | { short: number } | { long: number } | { rational: [number, number][] };
type Ifd = [tag: number, value: IfdValue][];

function encodeValue(v: IfdValue): { type: number; count: number; data: number[] } {
  if ('ascii' in v) return { type: 2, count: enc.encode(v.ascii).length + 1, data: [...enc.encode(v.ascii), 0] };
  if ('short' in v) return { type: 3, count: 1, data: le16(v.short) };
  if ('long' in v) return { type: 4, count: 1, data: le32(v.long) };
  return { type: 5, count: v.rational.length, data: v.rational.flatMap(([n, d]) => [...le32(n), ...le32(d)]) };
}

/** A little-endian TIFF block: IFD0 (pointing to the Exif and GPS IFDs when given). */
function tiff(ifd0: Ifd, exif: Ifd, gps: Ifd): Uint8Array {
  const size = (ifd: Ifd) =>
    2 +
    ifd.length * 12 +
    4 +
    ifd.reduce((n, [, v]) => n + ((d) => (d > 4 ? d + (d & 1) : 0))(encodeValue(v).data.length), 0);
  const full0: Ifd = [...ifd0, [0x8769, { long: 0 }], [0x8825, { long: 0 }]];
  const exifAt = 8 + size(full0);
  const gpsAt = exifAt + size(exif);
  full0[full0.length - 2] = [0x8769, { long: exifAt }];
  full0[full0.length - 1] = [0x8825, { long: gpsAt }];
  const out: number[] = [...enc.encode('II'), ...le16(42), ...le32(8)];
  for (const [ifd, at] of [
    [full0, 8],
    [exif, exifAt],
    [gps, gpsAt],
  ] as const) {
    const entries: number[] = [];
    const data: number[] = [];
    let dataAt = at + 2 + ifd.length * 12 + 4;
    for (const [tag, value] of [...ifd].sort((a, b) => a[0] - b[0])) {
      const v = encodeValue(value);
      entries.push(...le16(tag), ...le16(v.type), ...le32(v.count));
      if (v.data.length <= 4) entries.push(...v.data, ...Array<number>(4 - v.data.length).fill(0));
      else {
        entries.push(...le32(dataAt));
        data.push(...v.data, ...(v.data.length & 1 ? [0] : []));
        dataAt += v.data.length + (v.data.length & 1);
      }
    }
    out.push(...le16(ifd.length), ...entries, ...le32(0), ...data);
  }
  return Uint8Array.from(out);
}

/** An Exif block as a phone writes it: camera, time, orientation and a GPS position (fictitious, near 唐山). */
export function gpsExif(orientation = 6): Uint8Array {
  return tiff(
    [
      [0x010f, { ascii: 'EnvGridCam' }], // Make
      [0x0110, { ascii: 'ShiLi-Model 9' }], // Model
      [0x0112, { short: orientation }],
      [0x0132, { ascii: '2026:11:30 08:15:00' }], // DateTime
    ],
    [[0x9003, { ascii: '2026:11:30 08:15:00' }]], // DateTimeOriginal
    [
      [0x0001, { ascii: 'N' }],
      [
        0x0002,
        {
          rational: [
            [39, 1],
            [37, 1],
            [5123, 100],
          ],
        },
      ],
      [0x0003, { ascii: 'E' }],
      [
        0x0004,
        {
          rational: [
            [118, 1],
            [11, 1],
            [2042, 100],
          ],
        },
      ],
      [0x001b, { ascii: 'ASCII\0\0\0GPS-SENTINEL' }], // GPSProcessingMethod
    ],
  );
}

/** An XMP packet with a GPS position and a creator. */
export const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="39,37.85N" exif:GPSLongitude="118,11.34E" exif:GPSProcessingMethod="GPS-SENTINEL"><dc:creator>示例拍摄者</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

export function jpegSegment(marker: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes([0xff, marker], be16(payload.length + 2), payload);
}

/**
 * A valid 16×8 baseline JPEG coded by hand (no encoder needed, so it can be
 * built inside workerd): one grey component, two 8×8 blocks, Huffman tables
 * with a single one-bit code each (DC difference 0, end of block).
 */
export function tinyJpeg(): Uint8Array<ArrayBuffer> {
  const dqt = [0x00, ...Array<number>(64).fill(1)];
  const sof = [8, 0, 8, 0, 16, 1, 1, 0x11, 0];
  const dhtDc = [0x00, 1, ...Array<number>(15).fill(0), 0x00];
  const dhtAc = [0x10, 1, ...Array<number>(15).fill(0), 0x00];
  const sos = [1, 1, 0x00, 0, 63, 0];
  return bytes(
    [0xff, 0xd8],
    jpegSegment(0xdb, Uint8Array.from(dqt)),
    jpegSegment(0xc0, Uint8Array.from(sof)),
    jpegSegment(0xc4, Uint8Array.from(dhtDc)),
    jpegSegment(0xc4, Uint8Array.from(dhtAc)),
    jpegSegment(0xda, Uint8Array.from(sos)),
    [0x0f], // block 1: DC "0", EOB "0"; block 2 the same; padded with 1-bits
    [0xff, 0xd9],
  );
}

/** The tiny JPEG with a GPS-tagged Exif block, an XMP packet and a comment after SOI. */
export function taggedTinyJpeg(orientation = 6): Uint8Array<ArrayBuffer> {
  const t = tinyJpeg();
  return bytes(
    t.subarray(0, 2),
    jpegSegment(0xe1, bytes('Exif\0\0', gpsExif(orientation))),
    jpegSegment(0xe1, bytes('http://ns.adobe.com/xap/1.0/\0', XMP)),
    jpegSegment(0xfe, enc.encode('EnvGridCam comment')),
    t.subarray(2),
  );
}

/** A JPEG's markers in order with their payloads, and its image data (first SOS to EOI) and trailer. */
export function jpegStructure(b: Uint8Array): {
  segments: { marker: number; payload: Uint8Array }[];
  imageData: Uint8Array;
  trailer: Uint8Array;
} {
  const segments: { marker: number; payload: Uint8Array }[] = [];
  let pos = 2;
  while (b[pos + 1] !== 0xda) {
    const len = (b[pos + 2]! << 8) | b[pos + 3]!;
    segments.push({ marker: b[pos + 1]!, payload: b.subarray(pos + 4, pos + 2 + len) });
    pos += 2 + len;
  }
  const sos = pos;
  // The first FFD9 in scan data is EOI (a literal FF in scans is always followed by 00).
  let eoi = sos;
  while (!(b[eoi] === 0xff && b[eoi + 1] === 0xd9)) eoi++;
  // Segments between scans (DHT of progressive files) count as image data here.
  return { segments, imageData: b.subarray(sos, eoi + 2), trailer: b.subarray(eoi + 2) };
}

/** Chunks of a WebP file after its 12-byte header. */
export function webpChunks(b: Uint8Array): { fourcc: string; data: Uint8Array }[] {
  const out: { fourcc: string; data: Uint8Array }[] = [];
  for (let pos = 12; pos + 8 <= b.length;) {
    const size = b[pos + 4]! | (b[pos + 5]! << 8) | (b[pos + 6]! << 16) | (b[pos + 7]! << 24);
    out.push({ fourcc: String.fromCharCode(...b.subarray(pos, pos + 4)), data: b.subarray(pos + 8, pos + 8 + size) });
    pos += 8 + size + (size & 1);
  }
  return out;
}

/** A PNG's chunks in order. */
export function pngChunks(b: Uint8Array): { type: string; data: Uint8Array }[] {
  const out: { type: string; data: Uint8Array }[] = [];
  for (let pos = 8; pos + 12 <= b.length;) {
    const len = ((b[pos]! << 24) | (b[pos + 1]! << 16) | (b[pos + 2]! << 8) | b[pos + 3]!) >>> 0;
    out.push({ type: String.fromCharCode(...b.subarray(pos + 4, pos + 8)), data: b.subarray(pos + 8, pos + 8 + len) });
    pos += 12 + len;
    if (out.at(-1)!.type === 'IEND') break;
  }
  return out;
}

/** The tags of an Exif payload's IFD0 ("Exif\0\0" + TIFF, either byte order). */
export function exifIfd0Tags(payload: Uint8Array): number[] {
  const t = payload.subarray(6);
  const le = t[0] === 0x49;
  const u16 = (at: number) => (le ? t[at]! | (t[at + 1]! << 8) : (t[at]! << 8) | t[at + 1]!);
  const ifd = le
    ? t[4]! | (t[5]! << 8) | (t[6]! << 16) | (t[7]! << 24)
    : (t[4]! << 24) | (t[5]! << 16) | (t[6]! << 8) | t[7]!;
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}

/**
 * Every piece of metadata this reader finds in a JPEG, PNG or WebP file:
 * metadata segments and chunks by name, Exif GPS pointers, and any planted
 * sentinel text anywhere in the bytes. Empty means clean.
 */
export function findMetadata(b: Uint8Array): string[] {
  const found: string[] = [];
  const latin1 = new TextDecoder('latin1').decode(b);
  const utf8 = new TextDecoder().decode(b);
  for (const s of SENTINELS) if (latin1.includes(s) || utf8.includes(s)) found.push(`text ${s}`);
  if (latin1.includes('<x:xmpmeta') || latin1.includes('xpacket')) found.push('XMP packet');
  if (b[0] === 0xff && b[1] === 0xd8) {
    const { segments, trailer } = jpegStructure(b);
    for (const { marker, payload } of segments) {
      const tag = String.fromCharCode(...payload.subarray(0, 12));
      if (marker === 0xe1 && tag.startsWith('Exif')) {
        const tags = exifIfd0Tags(payload);
        // Orientation alone is allowed: it keeps portrait photos upright and says nothing about anyone.
        if (tags.some((t) => t !== 0x0112)) found.push(`Exif tags ${tags.map((t) => t.toString(16)).join(',')}`);
      } else if (marker === 0xe1) found.push('APP1');
      else if (marker === 0xe0 && payload.length > 14) found.push('JFIF thumbnail');
      else if (marker === 0xe2 && !tag.startsWith('ICC_PROFILE')) found.push(`APP2 ${tag}`);
      else if (marker >= 0xe3 && marker <= 0xef && marker !== 0xee) found.push(`APP${marker - 0xe0}`);
      else if (marker === 0xfe) found.push('COM');
    }
    if (trailer.length) found.push('data after EOI');
  } else if (b[0] === 0x89) {
    for (const { type } of pngChunks(b))
      if (['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'vpAg'].includes(type)) found.push(`chunk ${type}`);
  } else {
    for (const { fourcc, data } of webpChunks(b)) {
      if (['EXIF', 'XMP ', 'ZZZZ'].includes(fourcc)) found.push(`chunk ${fourcc}`);
      if (fourcc === 'VP8X' && data[0]! & 0x0c) found.push('VP8X metadata flags');
    }
  }
  return found;
}
