/**
 * The office opens a case from another source (patrol, 12369 hotline, a
 * superior's instruction, the media, other): the same fields as a citizen's
 * complaint, validated by the same schema, plus the source. The complaint row,
 * its first public step, the case (by the trigger of migration 0007) and the
 * ledger's 'open' entry are written in one batch, through intake's one store
 * path (the same tracking codes, idempotency and payload check). Nothing is
 * forwarded: the office is where forwarding would go.
 */
import { rosterIndex } from '../../../domain/roster/current.ts';
import { routeProblem } from '../../../domain/routing.ts';
import { parseComplaint, placesFromRoster, type FieldError } from '../../../domain/complaint.ts';
import { sha256Hex } from '../../../domain/crypto.ts';
import { payloadFingerprint } from '../../../domain/complaint.ts';
import { CASE_SOURCES, STAFF_SOURCES, type StaffSource } from '../../../domain/cases/model.ts';
import { storeComplaint } from '../../complaints/store.ts';
import type { Caller } from './act.ts';

const places = placesFromRoster(rosterIndex);

/**
 * The case ledger's first entry ('open', seq 1) for a complaint stored in the same batch, and the
 * case's version to match. Used by the office's own cases here and by patrols that open cases
 * (functions/patrols/store.ts), so a case opened by staff is always recorded the same way.
 */
export function openStatements(
  db: D1Database,
  complaintId: string,
  caller: Caller,
  at: string,
  details: { source: StaffSource } & Record<string, unknown>,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO case_actions (complaint_id, seq, action, at, actor_email, actor_name, actor_role, actor_scope,
           from_state, to_state, details)
         VALUES (?1, 1, 'open', ?2, ?3, ?4, ?5, ?6, 'new', 'new', ?7)`,
      )
      .bind(complaintId, at, caller.email, caller.name, caller.role, caller.scope, JSON.stringify(details)),
    db.prepare('UPDATE cases SET version = 1 WHERE complaint_id = ?1 AND version = 0').bind(complaintId),
  ];
}

export type OpenResult = { ok: true; trackingCode: string; created: boolean } | { ok: false; errors: FieldError[] };

/** Validates and stores a case the office opens; a repeated idempotency key returns the first case. */
export async function openCase(env: Env, caller: Caller, body: unknown, now: Date): Promise<OpenResult> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const source = typeof raw.source === 'string' ? raw.source.trim() : '';
  const errors: FieldError[] = [];
  if (!(STAFF_SOURCES as readonly string[]).includes(source)) {
    errors.push({
      field: 'source',
      message: `请选择案件来源：${STAFF_SOURCES.map((s) => `${s}（${CASE_SOURCES[s]}）`).join('、')}`,
    });
  }
  const parsed = parseComplaint(body, places, () => now);
  if (!parsed.ok) errors.push(...parsed.errors);
  if (!parsed.ok || errors.length) return { ok: false, errors };
  const input = parsed.value;
  const payloadHash = await sha256Hex(payloadFingerprint(body));
  const at = now.toISOString();
  const stored = await storeComplaint(
    env,
    {
      input,
      routing: routeProblem(rosterIndex, input)!,
      receivedAt: at,
      ipHash: null,
      channel: source as StaffSource,
      receivedNote: `区网格办登记的问题（来源：${CASE_SOURCES[source as StaffSource]}）`,
      payloadHash,
    },
    {
      forward: false,
      also: (c) => openStatements(env.DB, c.id, caller, at, { source: source as StaffSource }),
    },
  );
  if (!stored.created && stored.payloadHash !== null && stored.payloadHash !== payloadHash) {
    return {
      ok: false,
      errors: [{ field: 'idempotencyKey', message: '这个幂等键已用于另一份不同的登记，请换一个新的键再提交' }],
    };
  }
  return { ok: true, trackingCode: stored.receipt.trackingCode, created: stored.created };
}
