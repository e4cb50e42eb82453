/**
 * What pages need from the roster publisher: the publication dates the runtime recorded
 * (for /changes/) and the publication queue (for the staff console).
 */
import type { Change } from '../../domain/roster/records-schema.ts';
import { publicationDates } from '../roster/publish/record.ts';

export { publicationQueue, PUBLICATION_STATE_LABELS, type QueueEntry } from '../roster/publish/queue.ts';

/**
 * The change records with their publication date: the one in changes.yaml (stamped before the
 * runtime recorded publication), else the one the runtime recorded when the version carrying
 * the change first served. A failing database read leaves the dates from the file.
 */
export async function changesWithPublication(env: Env, changes: readonly Change[]): Promise<Change[]> {
  const dates = await publicationDates(env.DB).catch((e: unknown) => {
    console.error('changes page: publication dates unavailable', e instanceof Error ? e.message : e);
    return new Map<string, { date: string }>();
  });
  return changes.map((c) => {
    const recorded = dates.get(c.id);
    return c.published || !recorded ? c : { ...c, published: recorded.date };
  });
}
