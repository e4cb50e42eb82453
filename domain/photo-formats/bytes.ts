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

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG uses it) of `b`. */
export function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** What a stripper returns: the new file and the names of what it left out (for logs and tests). */
export interface Stripped {
  bytes: Uint8Array<ArrayBuffer>;
  removed: string[];
}
