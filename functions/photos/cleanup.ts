/**
 * Hourly orphan cleanup for photos (called from functions/scheduled.ts).
 * An object in R2 without a row is what an interrupted upload leaves (objects
 * are put before their rows, store.ts); once it is older than the grace
 * period no upload can still be writing its row, so it is deleted. A row
 * whose object is missing should never happen; it is reported (logged and
 * returned), not changed, since rows are append-only.
 */
import { PHOTO_KEY_PREFIX } from './store.ts';

/** How old an object without a row must be before it is deleted. */
export const ORPHAN_GRACE_MS = 3600_000;
/** Most objects deleted per run, so one run stays within a cron invocation's limits. */
const MAX_DELETES = 1000;
/** Keys checked against D1 per query (as one JSON array parameter). */
const KEYS_PER_QUERY = 100;

export interface OrphanReport {
  /** Objects listed in the bucket. */
  objects: number;
  /** Keys of the objects deleted (no row, older than the grace period). */
  deleted: string[];
  /** Objects without a row still within the grace period (an upload may be under way). */
  young: number;
  /** Rows older than the grace period whose object is not in the bucket. */
  missing: { id: string; key: string }[];
}

/** Which of `keys` have a row. */
async function keysWithRows(db: D1Database, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const { results } = await db
      .prepare('SELECT r2_key FROM photos WHERE r2_key IN (SELECT value FROM json_each(?1))')
      .bind(JSON.stringify(keys.slice(i, i + KEYS_PER_QUERY)))
      .all<{ r2_key: string }>();
    for (const r of results) found.add(r.r2_key);
  }
  return found;
}

/** Deletes photo objects without a row older than `graceMs` at `now`, and reports rows without an object. */
export async function cleanupOrphanPhotos(
  env: { DB: D1Database; PHOTOS: R2Bucket },
  now: Date,
  graceMs = ORPHAN_GRACE_MS,
): Promise<OrphanReport> {
  const cutoff = now.getTime() - graceMs;
  const listed = new Map<string, Date>();
  let cursor: string | undefined;
  do {
    const page = await env.PHOTOS.list({ prefix: PHOTO_KEY_PREFIX, cursor, limit: 1000 });
    for (const o of page.objects) listed.set(o.key, o.uploaded);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);

  const withRows = await keysWithRows(env.DB, [...listed.keys()]);
  const report: OrphanReport = { objects: listed.size, deleted: [], young: 0, missing: [] };
  for (const [key, uploaded] of listed) {
    if (withRows.has(key)) continue;
    if (uploaded.getTime() >= cutoff) report.young++;
    else if (report.deleted.length < MAX_DELETES) report.deleted.push(key);
  }
  if (report.deleted.length) await env.PHOTOS.delete(report.deleted);

  // Rows are paged by id; only those old enough that their object was surely listed count.
  const since = new Date(cutoff).toISOString();
  for (let after = ''; ;) {
    const { results } = await env.DB.prepare(
      'SELECT id, r2_key FROM photos WHERE created_at < ?1 AND id > ?2 ORDER BY id LIMIT 500',
    )
      .bind(since, after)
      .all<{ id: string; r2_key: string }>();
    for (const r of results) if (!listed.has(r.r2_key)) report.missing.push({ id: r.id, key: r.r2_key });
    if (results.length < 500) break;
    after = results.at(-1)!.id;
  }
  if (report.deleted.length || report.missing.length) {
    console.log(
      `photos cleanup: deleted ${report.deleted.length} orphan object(s); ${report.missing.length} row(s) without object${
        report.missing.length ? `: ${report.missing.map((m) => m.id).join(', ')}` : ''
      }`,
    );
  }
  return report;
}
