import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_BITS,
  CODE_EXAMPLE,
  CODE_LENGTH,
  formatTrackingCode,
  newTrackingCode,
  normalizeTrackingCode,
} from '../../domain/tracking-code.ts';

describe('tracking codes', () => {
  it('use 31 unambiguous symbols and carry at least 50 random bits', () => {
    expect(CODE_ALPHABET).toHaveLength(31);
    for (const ch of '01ILO') expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    expect(CODE_BITS).toBeGreaterThanOrEqual(50);
    expect(normalizeTrackingCode(CODE_EXAMPLE)).not.toBeNull();
  });

  it('are drawn evenly from the alphabet', () => {
    const counts = new Map<string, number>();
    const n = 4000;
    for (let i = 0; i < n; i++) for (const ch of newTrackingCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
    const expected = (n * CODE_LENGTH) / CODE_ALPHABET.length;
    // Chi-square with 30 degrees of freedom: above 80 by chance a few times in a million runs,
    // while taking bytes modulo 31 (a classic bias) gives about 135 at this sample size.
    const chi = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(80);
  });

  it('do not repeat', () => {
    const seen = new Set(Array.from({ length: 20_000 }, newTrackingCode));
    expect(seen.size).toBe(20_000);
  });

  it('are found again however they are typed: any case, dashes, spaces', () => {
    fc.assert(
      fc.property(
        fc.constant(null).map(() => newTrackingCode()),
        fc.boolean(),
        fc.constantFrom('-', ' ', '', ' - ', '—'),
        (code, lower, sep) => {
          const shown = formatTrackingCode(code);
          expect(shown).toMatch(/^.{4}-.{4}-.{4}$/);
          const typed = shown.split('-').join(sep);
          expect(normalizeTrackingCode(lower ? typed.toLowerCase() : typed)).toBe(code);
        },
      ),
    );
  });

  it('reject what cannot be a code', () => {
    for (const s of ['', 'ABCD-EFGH-JKM', 'ABCD-EFGH-JKMNP', 'ABCD-EFGH-JKM0', 'ABCD-EFGH-JKMI', 'ABCD-EFGH-JKM?'])
      expect(normalizeTrackingCode(s), s).toBeNull();
  });
});
