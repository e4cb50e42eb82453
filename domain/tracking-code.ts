/**
 * Tracking codes: what a citizen writes down or reads out to follow a
 * complaint. 12 symbols from a 31-symbol alphabet (digits 2–9 and letters
 * without I, L, O, so 0/O and 1/I/L cannot be confused) carry 59 random bits,
 * far beyond guessing. Shown in groups of four (`ABCD-EFGH-JKMN`); typed in
 * any case, with or without dashes or spaces.
 */

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;
const GROUP = 4;

/** Random bits in a code: log2(31) × 12 ≈ 59.4. */
export const CODE_BITS = Math.log2(CODE_ALPHABET.length) * CODE_LENGTH;

/**
 * A new random code in compact form (no dashes), from crypto.getRandomValues.
 * Bytes are masked to 5 bits and the value 31 rejected, so every symbol is
 * equally likely.
 */
export function newTrackingCode(): string {
  let out = '';
  const buf = new Uint8Array(32);
  while (out.length < CODE_LENGTH) {
    crypto.getRandomValues(buf);
    for (const b of buf) {
      const v = b & 31;
      if (v < CODE_ALPHABET.length) out += CODE_ALPHABET[v];
      if (out.length === CODE_LENGTH) break;
    }
  }
  return out;
}

/**
 * The compact upper-case form of what someone typed, or null when it cannot be
 * a code (wrong length or a symbol outside the alphabet). Case, spaces and
 * dashes do not matter.
 */
export function normalizeTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s\-_–—]/g, '');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

/** The compact form split into groups for reading: `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`. */
export function formatTrackingCode(compact: string): string {
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP) groups.push(compact.slice(i, i + GROUP));
  return groups.join('-');
}

/** How the code looks, for hints ("如 …"). */
export const CODE_EXAMPLE = 'K7RM-2XPB-9HQA';
