/**
 * Property-based fuzzing of the complaint API on the real Worker entry and the
 * real local D1: thousands of generated hostile requests (tests/support/hostile.ts).
 *
 * The oracle for POST is the request's own body read the way the API reads it
 * and checked with the shared schema (domain/complaint.ts): the answer must be
 * exactly what the schema says (201/200/303 for a valid submission, 400 with
 * the same fields for an invalid one, 403/413/415 for the body), never 5xx,
 * every rejection carries an error body, and what is stored is exactly the
 * validated input. Afterwards every stored row is re-validated with the schema.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { rosterIndex } from '../../domain/roster/current.ts';
import { routeProblem } from '../../domain/routing.ts';
import { parseComplaint } from '../../domain/complaint.ts';
import { normalizeTrackingCode } from '../../domain/tracking-code.ts';
import { hostileCode, hostileRequest } from '../support/hostile.ts';
import { foreignVillage, PUBLIC_COMPLAINT_KEYS, town, village } from './support/complaints.ts';
import { check, compactCode, count, expected, nextIp, places, rowInput, URL_BASE, type Row } from './support/fuzz.ts';

const POST_RUNS = 4000;
const GET_RUNS = 1200;

describe('text that is not well-formed Unicode', () => {
  it('stores a lone surrogate from JSON as one U+FFFD, never as invalid UTF-8 bytes', async () => {
    const description = '工地扬尘严重，影响居民生活。\ud800尾\udc00';
    const res = await exports.default.fetch(`${URL_BASE}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': nextIp() },
      body: JSON.stringify({
        category: 'dust',
        placeType: 'street',
        townId: town.id,
        description,
        anonymous: true,
      }),
    });
    expect(res.status).toBe(201);
    const code = compactCode(((await res.json()) as { trackingCode: string }).trackingCode);
    const row = await env.DB.prepare(
      'SELECT description, hex(description) AS h FROM complaints WHERE tracking_code = ?1',
    )
      .bind(code)
      .first<{ description: string; h: string }>();
    expect(row?.description).toBe('工地扬尘严重，影响居民生活。\ufffd尾\ufffd');
    expect(row?.h).not.toMatch(/^(?:..)*ED[AB]/); // no UTF-8-encoded surrogate halves
  });
});

describe('hostile input to the complaint API (fast-check)', () => {
  let before = 0;
  let created = 0;
  const seen = new Map<number, number>();
  const encodings = new Set<string>();
  const seenGet = new Map<number, number>();
  const codes: string[] = [];

  beforeAll(async () => {
    before = await count();
  });

  it(`answers ${POST_RUNS} generated POST /api/complaints requests exactly as the schema says, never 5xx`, async () => {
    await check(
      fc.asyncProperty(
        hostileRequest({ townId: town.id, villageId: village.id, foreignVillageId: foreignVillage.id }),
        async (req) => {
          const { want, page } = await expected(req);
          const res = await exports.default.fetch(`${URL_BASE}/api/complaints`, {
            method: 'POST',
            redirect: 'manual',
            headers: { ...req.headers, 'cf-connecting-ip': nextIp() },
            body: req.body,
          });
          const text = await res.text();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          encodings.add(req.encoding);
          expect(res.status).toBeLessThan(500);
          if (page && (want.status === 201 || want.status === 200)) {
            expect(res.status).toBe(303);
            const code = /[?&]code=([A-Z0-9-]+)/.exec(res.headers.get('location') ?? '')?.[1];
            expect(code).toBeDefined();
            if (want.status === 201) {
              created += 1;
              codes.push(compactCode(code!));
            } else expect(compactCode(code!)).toBe(want.priorCode);
            return;
          }
          expect(res.status).toBe(want.status);
          if (page) {
            expect(text.length).toBeGreaterThan(0); // the form page again (a stub in worker tests)
            return;
          }
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          const json = JSON.parse(text) as Record<string, unknown>;
          if (want.status === 201 || want.status === 200) {
            expect(Object.keys(json).sort()).toEqual(['receivedAt', 'status', 'statusUrl', 'trackingCode']);
            const code = compactCode(String(json.trackingCode));
            expect(normalizeTrackingCode(code)).toBe(code);
            if (want.status === 200) {
              expect(code).toBe(want.priorCode);
              return;
            }
            created += 1;
            codes.push(code);
            const row = await env.DB.prepare('SELECT * FROM complaints WHERE tracking_code = ?1')
              .bind(code)
              .first<Row>();
            expect(row).not.toBeNull();
            expect(rowInput(row!)).toEqual(want.input); // stored exactly what was validated
            return;
          }
          if (want.status === 400) {
            const errors = json.errors as { field: string; message: string }[];
            expect(errors.map((e) => e.field)).toEqual(want.fields);
            for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
          } else {
            expect(typeof json.error).toBe('string');
            expect(json.error).toMatch(/[\u4e00-\u9fff]/);
          }
        },
      ),
      POST_RUNS,
    );
    // The generator must keep reaching every kind of answer, or the property proves little.
    console.log('POST answers by status:', Object.fromEntries([...seen].sort()));
    for (const [status, atLeast] of [
      [201, 300],
      [400, 1000],
      [303, 20],
      [403, 20],
      [413, 20],
      [415, 50],
    ] as const)
      expect(seen.get(status) ?? 0, `answers with ${status}`).toBeGreaterThanOrEqual(atLeast);
    expect(encodings.size).toBe(9);
  }, 400_000); // 4,000 requests: 90 s here when quiet, over 180 s with the machine loaded

  it(`answers ${GET_RUNS} generated GET /api/complaints/{code} with 200 for stored codes only, 404 otherwise`, async () => {
    await check(
      fc.asyncProperty(
        hostileCode(() => codes),
        fc.boolean(),
        async (typed, encode) => {
          let url: URL;
          try {
            url = new URL(`/api/complaints/${encode ? encodeURIComponent(typed) : typed}`, URL_BASE);
          } catch {
            return; // not a URL a client could send (a lone surrogate cannot be percent-encoded)
          }
          // One address per request: the lookup limit (60 a minute per client) is tested on its own.
          const res = await exports.default.fetch(url.href, { headers: { 'cf-connecting-ip': nextIp() } });
          const text = await res.text();
          seenGet.set(res.status, (seenGet.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          const seg = /^\/api\/complaints\/([^/]+)$/.exec(url.pathname)?.[1];
          if (seg === undefined) {
            expect(res.status).toBeGreaterThanOrEqual(400); // normalised to another path: a 404 of some kind
            expect(text.length).toBeGreaterThan(0);
            return;
          }
          let decoded = seg;
          try {
            decoded = decodeURIComponent(seg);
          } catch {
            /* malformed escapes stay as typed */
          }
          const code = normalizeTrackingCode(decoded);
          const row = code
            ? await env.DB.prepare('SELECT * FROM complaints WHERE tracking_code = ?1').bind(code).first<Row>()
            : null;
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          const json = JSON.parse(text) as Record<string, unknown>;
          if (!row) {
            expect(res.status).toBe(404);
            expect(json.error).toMatch(/[\u4e00-\u9fff]/);
            return;
          }
          expect(res.status).toBe(200);
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(Object.keys(json).sort()).toEqual(PUBLIC_COMPLAINT_KEYS);
          for (const secret of [row.contact_name, row.contact_phone, row.address, row.description]) {
            if (secret && secret.trim().length >= 6) expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
          }
        },
      ),
      GET_RUNS,
    );
    console.log('GET answers by status:', Object.fromEntries([...seenGet].sort()));
    expect(seenGet.get(200) ?? 0).toBeGreaterThanOrEqual(150);
    expect(seenGet.get(404) ?? 0).toBeGreaterThanOrEqual(300);
  }, 120_000);

  it('stored one row per 201 and nothing the schema would refuse', async () => {
    const after = await count();
    expect(after - before).toBe(created);
    const { results } = await env.DB.prepare('SELECT * FROM complaints').all<Row>();
    const events = await env.DB.prepare(
      "SELECT complaint_id, count(*) AS n FROM complaint_events WHERE status = 'received' GROUP BY complaint_id",
    ).all<{ complaint_id: string; n: number }>();
    const received = new Map(events.results.map((e) => [e.complaint_id, e.n]));
    // Every text column holds valid UTF-8 bytes (hex() shows D1's bytes, not a decoded string).
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const hexes = await env.DB.prepare(
      'SELECT tracking_code, hex(description) AS d, hex(address) AS a, hex(contact_name) AS n, hex(contact_phone) AS p FROM complaints',
    ).all<{ tracking_code: string; d: string; a: string; n: string; p: string }>();
    for (const h of hexes.results) {
      for (const hex of [h.d, h.a, h.n, h.p]) {
        const bytes = Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
        expect(() => utf8.decode(bytes), `complaint ${h.tracking_code} stores invalid UTF-8`).not.toThrow();
      }
    }
    for (const row of results) {
      const input = rowInput(row);
      const again = parseComplaint({ ...input, anonymous: input.anonymous }, places, () => new Date());
      expect(again.ok, `stored complaint ${row.tracking_code} fails the schema`).toBe(true);
      if (again.ok) expect(again.value).toEqual(input);
      if (input.anonymous) expect([row.contact_name, row.contact_phone]).toEqual([null, null]);
      expect(normalizeTrackingCode(row.tracking_code)).toBe(row.tracking_code);
      expect(row.status).toBe('received');
      expect(received.get(row.id)).toBe(1);
      expect(JSON.parse(row.routing)).toEqual(JSON.parse(JSON.stringify(routeProblem(rosterIndex, input))));
    }
  }, 60_000); // reads and re-validates every stored row: slow on a busy machine
});
