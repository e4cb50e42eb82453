/**
 * Publication recorded by the runtime: the first time a Worker version serves, the change
 * records its build contains that carry no `published` date are recorded as published that
 * day (Beijing), with the version, and the proposals that made them move to `published`.
 *
 * Once under concurrency: every statement is INSERT OR IGNORE or guarded by state, in one
 * D1 batch (a transaction), so isolates of the same new version racing on their first
 * requests record each change once and write one `publish` event per proposal. After that a
 * version costs one read per isolate start.
 */
import { todayInChina } from '../../../domain/workdays.ts';
import { SYSTEM_ACTOR } from './store.ts';

export interface PublicationInput {
  /** The Worker version serving (CF_VERSION_METADATA.id; the build id locally). */
  version: string;
  buildId: string;
  /** Ids of the change records in this build without a `published` date. */
  changeIds: readonly string[];
  now: Date;
}

/** Records the version and its changes; returns the ids recorded by this call (empty if already done). */
export async function recordPublication(db: D1Database, p: PublicationInput): Promise<string[]> {
  const seen = await db.prepare('SELECT 1 FROM roster_versions WHERE version = ?1').bind(p.version).first();
  if (seen) return [];
  const at = p.now.toISOString();
  const day = todayInChina(p.now);
  const ids = JSON.stringify(p.changeIds);
  const results = await db.batch([
    db
      .prepare('INSERT OR IGNORE INTO roster_versions (version, build_id, first_served_at) VALUES (?1, ?2, ?3)')
      .bind(p.version, p.buildId, at),
    db
      .prepare(
        `INSERT OR IGNORE INTO roster_publications (change_id, published_at, version, recorded_at)
         SELECT value, ?2, ?3, ?4 FROM json_each(?1) RETURNING change_id`,
      )
      .bind(ids, day, p.version, at),
    // The proposals whose change went live with this version: one event each, then the state.
    db
      .prepare(
        `INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note)
         SELECT r.id, ?2, ?3, 'publish', '版本 ' || ?4 || ' 于 ' || p.published_at || ' 首次上线'
           FROM roster_proposals r JOIN roster_publications p ON p.change_id = json_extract(r.change_record, '$.id')
          WHERE r.state = 'committed' AND p.change_id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(ids, at, SYSTEM_ACTOR, p.version),
    db
      .prepare(
        `UPDATE roster_proposals SET state = 'published',
                published_at = (SELECT published_at FROM roster_publications WHERE change_id = json_extract(change_record, '$.id')),
                published_version = (SELECT version FROM roster_publications WHERE change_id = json_extract(change_record, '$.id'))
          WHERE state = 'committed' AND json_extract(change_record, '$.id') IN (SELECT value FROM json_each(?1))`,
      )
      .bind(ids),
  ]);
  return (results[1]?.results as { change_id: string }[] | undefined)?.map((r) => r.change_id) ?? [];
}

/** Recorded publication dates by change id. */
export async function publicationDates(db: D1Database): Promise<Map<string, { date: string; version: string }>> {
  const { results } = await db
    .prepare('SELECT change_id, published_at, version FROM roster_publications')
    .all<{ change_id: string; published_at: string; version: string }>();
  return new Map(results.map((r) => [r.change_id, { date: r.published_at, version: r.version }]));
}

/** The version id a Worker serves as: the deployed version's id, or the build id locally (wrangler dev makes a new id per start). */
export function servingVersion(env: Env, buildId: string): string {
  if (env.ENVGRID_ENV === 'local') return buildId;
  return env.CF_VERSION_METADATA?.id ?? buildId;
}
