/**
 * The fuzz tests' oracle and plumbing: what the complaint API must answer for
 * a request (its body read the API's way, then the shared schema), the stored
 * row in the schema's terms, distinct client addresses, and fc.check with a
 * failure report workerd can send to vitest.
 */
import fc from 'fast-check';
import { env } from 'cloudflare:workers';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { MAX_BODY_BYTES, parseComplaint, placesFromRoster, type ComplaintInput } from '../../../domain/complaint.ts';
import { bodyKind, readComplaintBody } from '../../../functions/complaints/body.ts';
import type { HostileRequest } from '../../support/hostile.ts';
import type { ComplaintRow } from '../../../functions/forwarding/message.ts';

export const places = placesFromRoster(rosterIndex);
export const URL_BASE = 'http://envgrid.test';
/** A stored complaint: the columns a forwarded message uses, plus the idempotency key and status. */
export interface Row extends ComplaintRow {
  idempotency_key: string | null;
  status: string;
}

export const count = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM complaints').first<{ n: number }>())?.n ?? 0;

/** Distinct client addresses (198.18.0.0/15, the benchmarking range), so no valid submission is rate limited. */
let ipSeq = 0;
export const nextIp = () => {
  ipSeq += 1;
  return `198.${18 + (ipSeq >> 16)}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

/** The stored row as the schema's input type, for comparison with what the API validated. */
export function rowInput(r: Row): ComplaintInput {
  return {
    category: r.category as ComplaintInput['category'],
    placeType: r.place_type as ComplaintInput['placeType'],
    townId: r.town_id,
    villageId: r.village_id,
    address: r.address,
    description: r.description,
    observedAt: r.observed_at,
    anonymous: r.anonymous === 1,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    idempotencyKey: r.idempotency_key,
  };
}

export type Expected =
  | { status: 403 | 413 | 415 }
  | { status: 400; fields: string[] }
  | { status: 201 | 200; input: ComplaintInput; priorCode?: string };

/** What the API must answer, from the body read the API's way and the shared schema. */
export async function expected(req: HostileRequest): Promise<{ want: Expected; page: boolean }> {
  const kind = bodyKind(req.headers['content-type'] ?? null);
  const accept = req.headers.accept ?? '';
  const page = kind === 'form' && (/text\/html/i.test(accept) || !/application\/json/i.test(accept));
  if (kind === 'form' && req.headers['sec-fetch-site'] === 'cross-site') return { want: { status: 403 }, page: false };
  const body = await readComplaintBody(
    new Request(`${URL_BASE}/api/complaints`, { method: 'POST', headers: req.headers, body: req.body }),
    MAX_BODY_BYTES,
  );
  if (!body.ok) {
    if (body.status === 400) return { want: { status: 400, fields: ['body'] }, page: false };
    return { want: { status: body.status }, page: body.status === 413 && page };
  }
  const parsed = parseComplaint(body.raw, places);
  if (!parsed.ok) return { want: { status: 400, fields: parsed.errors.map((e) => e.field) }, page };
  const key = parsed.value.idempotencyKey;
  const prior = key
    ? await env.DB.prepare('SELECT tracking_code FROM complaints WHERE idempotency_key = ?1')
        .bind(key)
        .first<{ tracking_code: string }>()
    : null;
  return {
    want: prior
      ? { status: 200, input: parsed.value, priorCode: prior.tracking_code }
      : { status: 201, input: parsed.value },
    page,
  };
}

export const compactCode = (formatted: string) => formatted.replace(/-/g, '');

/** Text with lone surrogates escaped: the test pool's WebSocket rejects invalid UTF-8 in failure reports. */
export const wellFormed = (s: string) => s.replace(/\p{Surrogate}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/**
 * fc.assert, but the failure report is made safe to send from workerd to
 * vitest (counterexamples are full of lone surrogates by design).
 */
export async function check<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const r = await fc.check(property, { numRuns });
  if (!r.failed) return;
  const cause =
    r.errorInstance instanceof Error ? (r.errorInstance.stack ?? r.errorInstance.message) : String(r.errorInstance);
  throw new Error(
    wellFormed(
      `Property failed after ${r.numRuns} runs (replay with { seed: ${r.seed}, path: "${r.counterexamplePath}" })\n` +
        `Counterexample: ${fc.stringify(r.counterexample)}\n${cause}`,
    ),
  );
}
