/**
 * Deletes private complaint data once its retention period is over
 * (RETENTION in domain/complaint.ts, the periods the privacy notice states).
 * Runs from the Worker's cron handler; the case itself (type, place, routing,
 * timeline) stays in the ledger.
 */
import { RETENTION } from '../../domain/complaint.ts';

export interface PurgeCounts {
  contacts: number;
  details: number;
  ipHashes: number;
}

/** ISO time `months` calendar months before `now`. */
function monthsBefore(now: Date, months: number): string {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

/** Applies the retention periods as of `now`; returns how many complaints lost each kind of data. */
export async function purgeExpired(db: D1Database, now: Date): Promise<PurgeCounts> {
  const contactCut = monthsBefore(now, RETENTION.contactMonthsAfterClose);
  const detailCut = monthsBefore(now, RETENTION.detailYearsAfterClose * 12);
  const ipCut = new Date(now.getTime() - RETENTION.ipHashDays * 86_400_000).toISOString();
  const [contacts, details, ips] = await db.batch([
    db
      .prepare(
        `UPDATE complaints SET contact_name = NULL, contact_phone = NULL
         WHERE (contact_name IS NOT NULL OR contact_phone IS NOT NULL) AND id IN (SELECT complaint_id FROM complaint_events WHERE status = 'closed' AND at <= ?1)`,
      )
      .bind(contactCut),
    db
      .prepare(
        `UPDATE complaints SET description = '', address = NULL
         WHERE (description <> '' OR address IS NOT NULL) AND id IN (SELECT complaint_id FROM complaint_events WHERE status = 'closed' AND at <= ?1)`,
      )
      .bind(detailCut),
    db.prepare('UPDATE complaints SET ip_hash = NULL WHERE ip_hash IS NOT NULL AND received_at <= ?1').bind(ipCut),
  ]);
  return {
    contacts: contacts?.meta.changes ?? 0,
    details: details?.meta.changes ?? 0,
    ipHashes: ips?.meta.changes ?? 0,
  };
}
