/**
 * fast-check arbitraries for hostile input to the complaint API and pages:
 * wrong types, missing and extra fields, huge strings, control characters,
 * lone surrogates and invalid UTF-8, HTML and script, SQL-like text, wrong
 * content types, malformed JSON and forms. Pure (no Worker or Node imports),
 * so worker tests and end-to-end tests share it.
 */
import fc from 'fast-check';
import { CATEGORY_KEYS, PLACE_TYPE_KEYS } from '../../domain/taxonomy.ts';
import { FIELD_ORDER } from '../../domain/complaint-rules.ts';
import { hostileText, hugeText, wrongType } from './hostile-text.ts';

export * from './hostile-text.ts';

/** A valid submission for the given places; values are what the API accepts. */
export interface Places {
  townId: string;
  villageId: string;
  /** A village of another town (a wrong pairing). */
  foreignVillageId: string;
}

const validBase = (p: Places) =>
  fc.record({
    category: fc.constantFrom(...CATEGORY_KEYS),
    placeType: fc.constantFrom(...PLACE_TYPE_KEYS),
    townId: fc.constant(p.townId),
    villageId: fc.constantFrom(p.villageId, undefined),
    address: fc.constantFrom('建设路与友谊路交叉口', undefined),
    description: fc.constant('工地没有覆盖防尘网，风一吹满街都是灰。'),
    observedAt: fc.constantFrom('2026-01-15T09:30:00+08:00', '2026-01-15 09:30', undefined),
    anonymous: fc.boolean(),
    contactName: fc.constant('王先生'),
    contactPhone: fc.constantFrom('13812345678', '0315-5776118', '+86 138 1234 5678'),
    idempotencyKey: fc.option(fc.uuid(), { nil: undefined }),
  });

type Mutation = { kind: 'keep' } | { kind: 'drop' } | { kind: 'set'; value: unknown };

// Every field the API knows, from the shared rules (mutated one by one below).
const FIELDS = FIELD_ORDER;

const firstChars = (s: string, n: number) => [...s].slice(0, n).join('');
const extraKeys = fc.dictionary(
  fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'id', 'status', 'trackingCode')),
  wrongType,
  { maxKeys: 3 },
);
const withExtra = (o: Record<string, unknown>, more: Record<string, unknown>) => {
  const out = { ...o };
  for (const [k, v] of Object.entries(more)) if (!(FIELDS as readonly string[]).includes(k)) out[k] = v;
  return out;
};

/**
 * A valid complaint whose free-text fields carry hostile text within their
 * limits, so it is stored and later shown (to staff, on pages).
 */
export function storableHostileComplaint(p: Places): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(validBase(p), hostileText, hostileText, hostileText, extraKeys).map(([base, d, a, n, more]) =>
    withExtra(
      {
        ...base,
        description: `工地扬尘严重，影响居民生活。${d}`,
        address: firstChars(`路口${a}`, 200),
        contactName: firstChars(`王${n}`, 20),
      },
      more,
    ),
  );
}

/**
 * A complaint object: either a storable one with hostile text, or a valid one
 * with some fields dropped or replaced by hostile text, wrong types, huge
 * strings or wrong places; plus unknown extra keys.
 */
export function hostileComplaint(p: Places): fc.Arbitrary<Record<string, unknown>> {
  const fieldValue = fc.oneof(
    { weight: 4, arbitrary: hostileText.map((h) => `工地扬尘严重，影响居民生活。${h}`) },
    { weight: 3, arbitrary: hostileText },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: hugeText },
    { weight: 1, arbitrary: fc.constantFrom(p.foreignVillageId, 'no-such-town', 'Jiedao', ' ', '') },
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 12, arbitrary: fc.constant({ kind: 'keep' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'drop' } as const) },
    { weight: 2, arbitrary: fieldValue.map((value) => ({ kind: 'set', value }) as const) },
  );
  const mutated = fc
    .tuple(validBase(p), fc.tuple(...FIELDS.map(() => mutation)), extraKeys)
    .map(([base, muts, more]) => {
      const out: Record<string, unknown> = { ...base };
      FIELDS.forEach((f, i) => {
        const m = muts[i]!;
        if (m.kind === 'drop') delete out[f];
        else if (m.kind === 'set') out[f] = m.value;
      });
      return withExtra(out, more);
    });
  return fc.oneof({ weight: 2, arbitrary: storableHostileComplaint(p) }, { weight: 3, arbitrary: mutated });
}

/** How a request body is encoded. */
export type Encoding =
  | 'json'
  | 'json-bad-utf8'
  | 'json-malformed'
  | 'json-not-object'
  | 'form'
  | 'form-broken'
  | 'multipart'
  | 'multipart-broken'
  | 'wrong-type';

export interface HostileRequest {
  encoding: Encoding;
  /** The object the body was made from, when there is one. */
  object?: Record<string, unknown>;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s) as Uint8Array<ArrayBuffer>;
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Byte sequences that are not valid UTF-8: stray continuation, overlong, surrogate, truncated, 0xff. */
export const BAD_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe6, 0xb5],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

const formText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

function multipart(obj: Record<string, unknown>, boundary: string, asFile: boolean): Uint8Array<ArrayBuffer> {
  const parts = Object.entries(obj).map(([k, v]) => {
    const name = k.replace(/["\r\n]/g, '_');
    const disp = asFile && k === 'description' ? `; filename="a.txt"\r\nContent-Type: text/plain` : '';
    return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${disp}\r\n\r\n${formText(v)}\r\n`;
  });
  return bytes(`${parts.join('')}--${boundary}--\r\n`);
}

/** One hostile POST /api/complaints request: body, content type and browser-ish headers. */
export function hostileRequest(p: Places): fc.Arbitrary<HostileRequest> {
  const obj = hostileComplaint(p);
  const json = { 'content-type': 'application/json' };
  const formType = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = fc.oneof(
    {
      weight: 8,
      arbitrary: obj.map((o) => ({
        encoding: 'json' as const,
        object: o,
        headers: json,
        body: bytes(JSON.stringify(o)),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(obj, fc.constantFrom(...BAD_UTF8)).map(([o, bad]) => {
        // Bad bytes inside the description's text, so the JSON itself stays well formed.
        const text = JSON.stringify({ ...o, description: `工地扬尘严重，影响居民生活。MARK` });
        const [head, tail] = text.split('MARK') as [string, string];
        return {
          encoding: 'json-bad-utf8' as const,
          headers: json,
          body: concat(bytes(head), new Uint8Array(bad), bytes(tail)) as Uint8Array<ArrayBuffer>,
        };
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(obj, fc.nat(), fc.constantFrom('cut', 'comma', 'quote', 'bom', 'nan', 'deep', 'empty'))
        .map(([o, n, how]) => {
          const t = JSON.stringify(o);
          const broken = {
            cut: t.slice(0, n % Math.max(1, t.length - 1)),
            comma: t.replace(/}$/, ',}'),
            quote: t.replace(/"/g, "'"),
            bom: `\ufeff${t}`,
            nan: t.replace(/}$/, ',"x":NaN}'),
            deep: '['.repeat(50_000),
            empty: '',
          }[how];
          return { encoding: 'json-malformed' as const, headers: json, body: bytes(broken) };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant([]), fc.constant('字符串'), fc.constant(12))
        .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
        .map((v) => ({ encoding: 'json-not-object' as const, headers: json, body: bytes(JSON.stringify(v)) })),
    },
    {
      weight: 3,
      arbitrary: obj.map((o) => {
        const f = new URLSearchParams();
        for (const [k, v] of Object.entries(o)) if (v !== undefined) f.append(k, formText(v));
        return { encoding: 'form' as const, object: o, headers: formType, body: bytes(f.toString()) };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '%',
          '%zz',
          'description=%E6%B5',
          'a&&&=&==',
          'category=dust&category=noise',
          '+++%2B%00',
          'x'.repeat(70_000),
        )
        .map((s) => ({ encoding: 'form-broken' as const, headers: formType, body: bytes(s) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(obj, fc.boolean()).map(([o, asFile]) => ({
        encoding: 'multipart' as const,
        object: asFile ? undefined : o,
        headers: { 'content-type': 'multipart/form-data; boundary=----envgrid' },
        body: multipart(o, '----envgrid', asFile),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(obj, fc.constantFrom('none', 'wrong', 'cut')).map(([o, how]) => {
        const b = multipart(o, 'zzz', false);
        const headers = {
          none: { 'content-type': 'multipart/form-data' },
          wrong: { 'content-type': 'multipart/form-data; boundary=other' },
          cut: { 'content-type': 'multipart/form-data; boundary=zzz' },
        }[how];
        return { encoding: 'multipart-broken' as const, headers, body: how === 'cut' ? b.slice(0, b.length >> 1) : b };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          obj,
          fc.constantFrom(
            undefined,
            'text/plain',
            'text/html',
            'application/xml',
            'application/json-patch+json',
            'application/jsonx',
            'json',
            '*/*',
            'application/x-www-form-urlencoded-x',
          ),
        )
        .map(([o, type]) => ({
          encoding: 'wrong-type' as const,
          headers: type === undefined ? ({} as Record<string, string>) : { 'content-type': type },
          body: bytes(JSON.stringify(o)),
        })),
    },
  );
  const accept = fc.constantFrom('application/json', 'application/json, text/plain, */*', 'text/html', undefined);
  const site = fc.constantFrom(undefined, 'same-origin', 'cross-site', 'none');
  return fc.tuple(body, accept, site).map(([b, a, s]) => ({
    ...b,
    headers: { ...b.headers, ...(a ? { accept: a } : {}), ...(s ? { 'sec-fetch-site': s } : {}) },
  }));
}
