/**
 * Hostile text for fast-check: script and markup, SQL-like text, control
 * characters, lone surrogates, odd spaces, huge strings, values of the wrong
 * type, and things typed where a tracking code goes. Pure, so worker, unit
 * and end-to-end tests share it.
 */
import fc from 'fast-check';

/** Script and markup that would run or break out of its context if a page reflected it unescaped. */
export const XSS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>",
  '</textarea><script>window.__pwned=1</script>',
  '</title><script>window.__pwned=1</script>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>">',
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">点我</a>',
  '" autofocus onfocus="window.__pwned=1',
  "' onmouseover='window.__pwned=1",
  '<style>body{display:none}</style>',
  '<!--',
  ']]><![CDATA[',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
];

/** SQL that would change the query if any statement were built from strings. */
export const SQL = [
  "'; DROP TABLE complaints; --",
  "' OR '1'='1",
  '1; DELETE FROM complaint_events',
  '" OR ""="',
  "Robert'); DROP TABLE complaints;--",
  "' UNION SELECT contact_phone FROM complaints --",
  '%',
  '_',
  '\\',
  "''''''''",
];

/** Other classics: format strings, path traversal, header injection, number and keyword look-alikes. */
export const OTHER = [
  '%s%s%s%n',
  '../../../../etc/passwd',
  '\r\nSet-Cookie: pwned=1',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  '\u202etxt.exe',
  '\ufeff',
  '\u2028\u2029',
  '😀'.repeat(5),
  'Z̴̡̛̛a̷l̶g̸o̵',
];

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddSpace = fc.constantFrom('\u0000', '\u007f', '\u0085', '\u00a0', '\u200b', '\u3000', '\t', '\r\n', '\v');

/** A hostile piece of text, short. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...XSS),
  fc.constantFrom(...SQL),
  fc.constantFrom(...OTHER),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({ unit: controlChar, maxLength: 20 }),
  fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 4 }),
  fc.string({ unit: fc.oneof(oddSpace, fc.constantFrom('测', '<', '>', '"', "'", '&')), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Long text around the limits: 2000/2001 characters, a 64 KB body, and beyond. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(201, 2000, 2001, 22_000, 70_000), fc.constantFrom('a', '测', '😀', '<'))
  .map(([n, ch]) => ch.repeat(n));

/** Any JSON-ish value of the wrong kind for a text field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
  fc.constant({ toString: 'x', valueOf: 1 }),
  fc.constant([[[[[[[[[[[]]]]]]]]]]]),
);

/** Things typed where a tracking code goes (GET /api/complaints/{code}, ?code= on the pages). */
export function hostileCode(realCodes: () => string[]): fc.Arbitrary<string> {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const real = fc.tuple(fc.nat(), fc.constantFrom('', '-', ' ', '_', '—'), fc.boolean()).map(([i, sep, lower]) => {
    const codes = realCodes();
    const c = codes.length ? codes[i % codes.length]! : 'K7RM2XPB9HQA';
    const s = [c.slice(0, 4), c.slice(4, 8), c.slice(8)].join(sep);
    return lower ? s.toLowerCase() : s;
  });
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...alphabet), minLength: 11, maxLength: 13 }) },
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.constantFrom('..', '../..', '%2e%2e', '%', '%E6%B5', '%00', '?code=x', '#x', '/', '') },
    { weight: 1, arbitrary: fc.constantFrom(4_000, 15_000).map((n) => 'A'.repeat(n)) },
  );
}
