/**
 * The forwarding outbox: what complaint intake calls so that every stored
 * complaint is delivered to the district grid office.
 *
 * Contract (intake relies on it):
 * - `enqueueDeliveries` returns the statements that queue the complaint's
 *   deliveries (one per channel switched on, each with its own fixed
 *   Idempotency-Key); intake runs them in the same `db.batch()` as the
 *   complaint insert, so a complaint is never stored without its deliveries.
 *   With no channel configured it returns no statements.
 * - `deliverNow` tries those deliveries right away; intake passes it to
 *   `ctx.waitUntil` after answering the citizen. Failures are left for the
 *   scheduled retry (`runScheduled` → `runDueDeliveries`), never thrown.
 */
import { enabledChannels, readForwardingConfig } from './config.ts';
import { deliverComplaint } from './deliver.ts';
import { enqueueStatements } from './store.ts';

/**
 * Statements queueing the complaint's deliveries, due at `now` (ISO 8601; use
 * the complaint's `received_at`). Run them in the complaint insert's batch,
 * after the insert (the deliveries reference the complaint).
 */
export function enqueueDeliveries(db: D1Database, env: Env, complaintId: string, now: string): D1PreparedStatement[] {
  const at = new Date(now);
  if (Number.isNaN(at.getTime())) throw new TypeError(`enqueueDeliveries: now is not a date: ${now}`);
  return enqueueStatements(db, complaintId, enabledChannels(readForwardingConfig(env)), at.toISOString());
}

/**
 * Attempts the complaint's deliveries now. Resolves when done; never rejects.
 * `now` is for tests that simulate time; production leaves it out.
 */
export async function deliverNow(env: Env, complaintId: string, now?: Date): Promise<void> {
  await deliverComplaint(env, complaintId, now ? () => now : undefined);
}
