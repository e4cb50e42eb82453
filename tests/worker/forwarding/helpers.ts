/** Shared steps for the forwarding worker tests (real D1 with the real migrations). */
import { env } from 'cloudflare:workers';
import { enqueueDeliveries } from '../../../functions/forwarding/outbox.ts';
import type { ComplaintRow } from '../../../functions/forwarding/message.ts';
import type { AttemptLine as AttemptRow } from '../../../functions/forwarding/ops.ts';
import type { RecordedRequest } from '../../support/receiver.ts';
import { complaintStatements, sampleComplaint } from '../../support/complaints.ts';

export const SECRET = 'test-webhook-secret';
export const T0 = new Date('2026-11-26T06:05:09.000Z');

/** `minutes` after T0 (the simulated clock). */
export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}

/** The Worker env with forwarding settings, as `wrangler secret put` / vars would give them. */
export function configured(settings: Record<string, string>): Env {
  return { ...env, FORWARD_TIMEOUT_MS: '400', PUBLIC_BASE_URL: 'https://envgrid.example.cn', ...settings } as Env;
}

/** Empties the tables this suite writes (storage is shared by the tests of one file). */
export async function resetDb(): Promise<void> {
  await env.DB.batch(
    // `cases` rows come with every complaint (migrations/0007); no case action is taken here, so none blocks it.
    ['delivery_attempts', 'deliveries', 'complaint_events', 'cases', 'complaints'].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
}

/** Stores a complaint as intake does: complaint, received event and its deliveries in one batch. */
export async function newComplaint(e: Env, over: Partial<ComplaintRow> = {}): Promise<ComplaintRow> {
  const c = sampleComplaint({ received_at: T0.toISOString(), ...over });
  await e.DB.batch([...complaintStatements(e.DB, c), ...enqueueDeliveries(e.DB, e, c.id, c.received_at)]);
  return c;
}

export interface DeliveryRow {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  idempotency_key: string;
  next_attempt_at: string;
  first_attempt_at: string | null;
  last_error: string | null;
  dead_reason: string | null;
}

export async function deliveriesOf(complaintId: string): Promise<DeliveryRow[]> {
  const { results } = await env.DB.prepare('SELECT * FROM deliveries WHERE complaint_id = ?1 ORDER BY channel')
    .bind(complaintId)
    .all<DeliveryRow>();
  return results;
}

export async function attemptsOf(complaintId: string): Promise<AttemptRow[]> {
  const { results } = await env.DB.prepare('SELECT * FROM delivery_attempts WHERE complaint_id = ?1 ORDER BY id')
    .bind(complaintId)
    .all<AttemptRow>();
  return results;
}

export async function timelineOf(
  complaintId: string,
): Promise<{ status: string; events: { status: string; note: string }[] }> {
  const c = await env.DB.prepare('SELECT status FROM complaints WHERE id = ?1')
    .bind(complaintId)
    .first<{ status: string }>();
  const { results } = await env.DB.prepare(
    'SELECT status, note FROM complaint_events WHERE complaint_id = ?1 ORDER BY id',
  )
    .bind(complaintId)
    .all<{ status: string; note: string }>();
  return { status: c!.status, events: results };
}

/** The webhook requests for one complaint (matched on its tracking code in the body). */
export function requestsFor(reqs: RecordedRequest[], c: ComplaintRow): RecordedRequest[] {
  return reqs.filter((r) => r.body.includes(`"trackingCode":"${c.tracking_code}"`));
}

/** Checks `X-EnvGrid-Signature` the way the office would (Web Crypto, constant-time verify). */
export async function signatureValid(r: RecordedRequest, secret = SECRET): Promise<boolean> {
  const ts = r.headers['x-envgrid-timestamp'];
  const sig = r.headers['x-envgrid-signature'];
  if (!ts || !sig || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const bytes = Uint8Array.from(sig.match(/../g)!.map((h) => parseInt(h, 16)));
  return crypto.subtle.verify('HMAC', key, bytes, new TextEncoder().encode(`${ts}.${r.body}`));
}
