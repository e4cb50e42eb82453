/**
 * Operator queries on the outbox (used by `npm run deliveries`): what is
 * waiting, what has died and why, and putting dead deliveries back in line.
 * Each query is plain SQL with numbered parameters, so the CLI can run it on
 * a local D1 binding or, with validated literals, through `wrangler d1
 * execute --remote` (which takes no parameters).
 */
import { isUuid } from '../../domain/crypto.ts';

export interface OpenDelivery {
  id: string;
  tracking_code: string;
  channel: string;
  status: 'pending' | 'dead';
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  dead_at: string | null;
  dead_reason: string | null;
}

export interface AttemptLine {
  at: string;
  channel: string;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

/** Pending and dead deliveries with their complaint's tracking code: pending first, oldest first. */
export const OPEN_DELIVERIES_SQL = `SELECT d.id, c.tracking_code, d.channel, d.status, d.attempts, d.created_at,
       d.next_attempt_at, d.last_attempt_at, d.last_error, d.dead_at, d.dead_reason
  FROM deliveries d JOIN complaints c ON c.id = d.complaint_id
 WHERE d.status IN ('pending', 'dead')
 ORDER BY d.status DESC, d.created_at, d.channel
 LIMIT 1000`;

export const DELIVERY_COUNTS_SQL = `SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`;

/** ?1 delivery id. */
export const ATTEMPTS_SQL = `SELECT at, channel, outcome, http_status, error, duration_ms
  FROM delivery_attempts WHERE delivery_id = ?1 ORDER BY id`;

// A re-queued delivery gets a fresh 24-hour window and is due at once; its
// attempts count and last error stay, so the history is not lost.
const REQUEUE_SET = `SET status = 'pending', next_attempt_at = ?1, requeued_at = ?1, first_attempt_at = NULL,
       dead_at = NULL, dead_reason = NULL, lease_until = NULL, lease_token = NULL`;

/** ?1 now, ?2 delivery id. Only a dead delivery can be re-queued. */
export const REQUEUE_SQL = `UPDATE deliveries ${REQUEUE_SET} WHERE id = ?2 AND status = 'dead' RETURNING id`;

/** ?1 now. */
export const REQUEUE_ALL_DEAD_SQL = `UPDATE deliveries ${REQUEUE_SET} WHERE status = 'dead' RETURNING id`;

/** Whether `s` looks like a delivery id (a lower-case UUID, as `crypto.randomUUID()` makes). */
export function isDeliveryId(s: string): boolean {
  return isUuid(s) && s === s.toLowerCase();
}
