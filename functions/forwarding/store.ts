/**
 * The outbox's D1 statements (migrations/0003_deliveries.sql). All times are
 * ISO 8601 UTC strings, which compare correctly as text.
 */
import { COMPLAINT_STATUSES } from '../../domain/complaint.ts';
import type { ChannelId } from './config.ts';
import type { SendResult } from './http.ts';
import type { ClaimedDelivery } from './channels/types.ts';

/**
 * The tables of one outbox. Complaints (0003) and digests (0012) keep their
 * deliveries in tables of the same shape, so one engine claims, retries and
 * records both; `owner` is the column naming what is delivered.
 */
export interface Outbox {
  deliveries: 'deliveries' | 'digest_deliveries';
  attempts: 'delivery_attempts' | 'digest_attempts';
  owner: 'complaint_id' | 'digest_id';
  /** The table `owner` points into. */
  ownerTable: 'complaints' | 'digests';
}

export const COMPLAINT_OUTBOX: Outbox = {
  deliveries: 'deliveries',
  attempts: 'delivery_attempts',
  owner: 'complaint_id',
  ownerTable: 'complaints',
};
export const DIGEST_OUTBOX: Outbox = {
  deliveries: 'digest_deliveries',
  attempts: 'digest_attempts',
  owner: 'digest_id',
  ownerTable: 'digests',
};

/** The public timeline note of the 'forwarded' step (the status's own label). */
export const FORWARDED_NOTE = COMPLAINT_STATUSES.forwarded;

/** Statements that queue one delivery per channel for `ownerId`, due at once, each with its own idempotency key. */
export function enqueueStatements(
  db: D1Database,
  ownerId: string,
  channels: readonly ChannelId[],
  now: string,
  box: Outbox = COMPLAINT_OUTBOX,
): D1PreparedStatement[] {
  return channels.map((channel) =>
    db
      .prepare(
        // Only for a stored owner: intake's one batch may have been refused its rate-limit slot.
        `INSERT INTO ${box.deliveries} (id, ${box.owner}, channel, idempotency_key, status, attempts, created_at, next_attempt_at)
         SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5 WHERE EXISTS (SELECT 1 FROM ${box.ownerTable} WHERE id = ?2)`,
      )
      .bind(crypto.randomUUID(), ownerId, channel, crypto.randomUUID(), now),
  );
}

const DUE = `status = 'pending' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)`;

/**
 * Ids of deliveries due by `dueBy` and not owned by another runner, oldest first, all of one owner's
 * when `ownerId` is given. (The claim re-checks both.)
 */
export async function dueDeliveryIds(
  db: D1Database,
  dueBy: string,
  limit: number,
  ownerId?: string,
  box: Outbox = COMPLAINT_OUTBOX,
): Promise<string[]> {
  const t = box.deliveries;
  const stmt = ownerId
    ? db.prepare(`SELECT id FROM ${t} WHERE ${DUE} AND ${box.owner} = ?2 ORDER BY id`).bind(dueBy, ownerId)
    : db.prepare(`SELECT id FROM ${t} WHERE ${DUE} ORDER BY next_attempt_at, id LIMIT ?2`).bind(dueBy, limit);
  const { results } = await stmt.all<{ id: string }>();
  return results.map((r) => r.id);
}

export interface Claim extends ClaimedDelivery {
  /** What is delivered: the complaint's id (also `complaintId`) or the digest's. */
  ownerId: string;
  firstAttemptAt: string;
  token: string;
}

export interface ClaimTimes {
  /** The attempt's time. */
  now: string;
  /** Due no later than this (now, or a little after for a cron run). */
  dueBy: string;
  /** Nobody else may take it before this. */
  leaseUntil: string;
}

/**
 * Takes a delivery for one attempt. The single UPDATE succeeds for exactly one
 * runner (D1 runs statements one at a time): it must still be pending and due,
 * and any earlier lease must have run out (its runner crashed or hung).
 * Returns undefined when someone else has it or it is no longer due.
 *
 * The claim is written before anything is sent, and every finished attempt
 * writes a `delivery_attempts` row with the receiver's HTTP status. An earlier
 * claim without an answered attempt is a send whose outcome is unknown: the
 * runner died mid-send, or the send timed out or lost its connection after the
 * receiver may have read it. Robots and email cannot de-duplicate by key, so
 * such a resend is marked for the people reading it (`previousOutcomeUnknown`).
 */
export async function claimDelivery(
  db: D1Database,
  id: string,
  t: ClaimTimes,
  box: Outbox = COMPLAINT_OUTBOX,
): Promise<Claim | undefined> {
  const token = crypto.randomUUID();
  const row = await db
    .prepare(
      `UPDATE ${box.deliveries}
          SET lease_until = ?2, lease_token = ?3, attempts = attempts + 1,
              first_attempt_at = COALESCE(first_attempt_at, ?4), last_attempt_at = ?4
        WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?5
          AND (lease_until IS NULL OR lease_until <= ?4)
        RETURNING id, ${box.owner} AS owner_id, channel, idempotency_key, attempts, first_attempt_at,
                  (SELECT COUNT(*) FROM ${box.attempts} a
                    WHERE a.delivery_id = ${box.deliveries}.id AND a.http_status IS NOT NULL) AS answered`,
    )
    .bind(id, t.leaseUntil, token, t.now, t.dueBy)
    .first<{
      id: string;
      owner_id: string;
      channel: ChannelId;
      idempotency_key: string;
      attempts: number;
      first_attempt_at: string;
      answered: number;
    }>();
  if (!row) return undefined;
  return {
    id: row.id,
    complaintId: row.owner_id,
    ownerId: row.owner_id,
    channel: row.channel,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
    previousOutcomeUnknown: row.answered < row.attempts - 1,
    token,
  };
}

export interface Finish {
  claim: Claim;
  result: SendResult;
  /** When the attempt started and ended. */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** For a retry: when the next attempt is due. */
  nextAttemptAt?: string;
  /** For a death: the reason kept on the delivery (defaults to the attempt's error). */
  deadReason?: string;
}

/**
 * Statements that record an attempt and move the delivery on, as one batch.
 * Success is final whoever holds the lease (the message did arrive); a retry
 * or death only applies while this runner still holds it. The first success
 * for a complaint appends its one 'forwarded' event and moves the complaint on
 * from 'received'; the NOT EXISTS guard keeps that to once however many
 * channels or runners succeed.
 */
export function finishStatements(db: D1Database, f: Finish, box: Outbox = COMPLAINT_OUTBOX): D1PreparedStatement[] {
  const { claim: c, result: r } = f;
  const t = box.deliveries;
  const attempt = db
    .prepare(
      `INSERT INTO ${box.attempts} (delivery_id, ${box.owner}, channel, at, outcome, http_status, error, duration_ms)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(c.id, c.complaintId, c.channel, f.startedAt, r.outcome, r.httpStatus ?? null, r.error ?? null, f.durationMs);
  if (r.outcome === 'delivered') {
    const delivered = db
      .prepare(
        `UPDATE ${t} SET status = 'delivered', delivered_at = ?2, lease_until = NULL, lease_token = NULL
          WHERE id = ?1 AND status = 'pending'`,
      )
      .bind(c.id, f.endedAt);
    // Only a complaint has a public timeline to move on.
    if (box !== COMPLAINT_OUTBOX) return [delivered, attempt];
    return [
      delivered,
      attempt,
      db
        .prepare(
          `INSERT INTO complaint_events (complaint_id, at, status, note, actor)
           SELECT ?1, ?2, 'forwarded', ?3, 'system'
            WHERE EXISTS (SELECT 1 FROM deliveries WHERE complaint_id = ?1 AND status = 'delivered')
              AND NOT EXISTS (SELECT 1 FROM complaint_events WHERE complaint_id = ?1 AND status = 'forwarded')`,
        )
        .bind(c.complaintId, f.endedAt, FORWARDED_NOTE),
      db
        .prepare(
          `UPDATE complaints SET status = 'forwarded'
            WHERE id = ?1 AND status = 'received'
              AND EXISTS (SELECT 1 FROM deliveries WHERE complaint_id = ?1 AND status = 'delivered')`,
        )
        .bind(c.complaintId),
    ];
  }
  if (r.outcome === 'retry') {
    return [
      db
        .prepare(
          `UPDATE ${t} SET next_attempt_at = ?2, last_error = ?3, lease_until = NULL, lease_token = NULL
            WHERE id = ?1 AND status = 'pending' AND lease_token = ?4`,
        )
        .bind(c.id, f.nextAttemptAt, r.error ?? null, c.token),
      attempt,
    ];
  }
  return [
    db
      .prepare(
        `UPDATE ${t} SET status = 'dead', dead_at = ?2, dead_reason = ?3, last_error = ?4,
                lease_until = NULL, lease_token = NULL
          WHERE id = ?1 AND status = 'pending' AND lease_token = ?5`,
      )
      .bind(c.id, f.endedAt, f.deadReason ?? r.error ?? '未知原因', r.error ?? null, c.token),
    attempt,
  ];
}
