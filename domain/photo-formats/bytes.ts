/**
 * Byte helpers for the photo format parsers (no decoding, no Node APIs, so
 * they run the same in workerd, Node and the browser).
 */

/** A file that claims a format but breaks its structure (truncated, lengths past the end, …). */
export class MalformedImage extends Error {
  override name = 'MalformedImage';
}

/** Throws MalformedImage with `detail` (English, for logs) unless `ok`. */
export function expect(ok: boolean, detail: string): asserts ok {
  if (!ok) throw new MalformedImage(detail);
}

/** Big-endian unsigned 16-bit integer at `at` (the caller checks bounds). */
export function u16be(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

/** Big-endian unsigned 32-bit integer at `at`. */
export function u32be(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Little-endian unsigned 32-bit integer at `at`. */
export function u32le(b: Uint8Array, at: number): number {
  return ((b[at + 3]! << 24) | (b[at + 2]! << 16) | (b[at + 1]! << 8) | b[at]!) >>> 0;
}

/** The bytes at `at` read as Latin-1 text (four-character codes, signatures). */
export function ascii(b: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...b.subarray(at, Math.min(at + length, b.length)));
}

/** Whether `b` holds the Latin-1 text `text` at `at`. */
export function startsWith(b: Uint8Array, text: string, at = 0): boolean {
  return ascii(b, at, text.length) === text;
}

/** The parts joined into one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let crcTables: Uint32Array[] | undefined;

/** The four CRC-32 tables for slicing by four bytes (computed once). */
function tables(): Uint32Array[] {
  if (crcTables) return crcTables;
  const t = [0, 1, 2, 3].map(() => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++)
    for (let k = 1; k < 4; k++) t[k]![n] = (t[k - 1]![n]! >>> 8) ^ t[0]![t[k - 1]![n]! & 0xff]!;
  return (crcTables = t);
}

/**
 * CRC-32 (ISO 3309, as PNG uses it) of `b`. Four bytes per step: a 10 MB
 * PNG is checked in a few tens of milliseconds of Worker CPU.
 */
export function crc32(b: Uint8Array): number {
  const [t0, t1, t2, t3] = tables() as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = 0xffffffff;
  let i = 0;
  for (const end = b.length - 3; i < end; i += 4) {
    c ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    c = t3[c & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t1[(c >>> 16) & 0xff]! ^ t0[c >>> 24]!;
  }
  for (; i < b.length; i++) c = t0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** What a stripper returns: the new file and the names of what it left out (for logs and tests). */
export interface Stripped {
  bytes: Uint8Array<ArrayBuffer>;
  removed: string[];
}
