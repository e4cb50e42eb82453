/**
 * The forwarding outbox: what complaint intake calls so that every stored
 * complaint is delivered to the district grid office.
 *
 * Contract (intake relies on it):
 * - `enqueueDeliveries` returns the statements that queue the complaint's
 *   deliveries; intake runs them in the same `db.batch()` as the complaint
 *   insert, so a complaint is never stored without its deliveries.
 * - `deliverNow` tries those deliveries right away; intake passes it to
 *   `ctx.waitUntil` after answering the citizen. Failures are left for the
 *   scheduled retry, never thrown.
 */
export function enqueueDeliveries(
  _db: D1Database,
  _env: Env,
  _complaintId: string,
  _now: string,
): D1PreparedStatement[] {
  return [];
}

export async function deliverNow(_env: Env, _complaintId: string): Promise<void> {}
