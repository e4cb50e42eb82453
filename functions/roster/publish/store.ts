/**
 * D1 statements of the publisher on `roster_proposals` and `roster_proposal_events`
 * (migrations/0017). The publisher owns a proposal from `approved` on; every step it takes is
 * an event with actor `system`, written in the same batch as the row's change.
 */

/** A proposal row: one declaration of the table's columns, beside the console that writes it. */
export type { ProposalRow } from '../console/store.ts';
import type { ProposalRow } from '../console/store.ts';

export const SYSTEM_ACTOR = 'system';

/** Statement appending one event. */
export function eventStatement(db: D1Database, id: string, at: string, action: string, note: string | null) {
  return db
    .prepare('INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(id, at, SYSTEM_ACTOR, action, note);
}

/** Ids of approved proposals due now (never tried, or their retry time has come), oldest approval first. */
export async function dueProposalIds(db: D1Database, now: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM roster_proposals
        WHERE state = 'approved' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
        ORDER BY decided_at, proposed_at LIMIT ?2`,
    )
    .bind(now, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Claims a due proposal for one attempt: its retry time moves to `leaseUntil`, so no other cron
 * run takes it meanwhile, and the attempt is counted before anything is sent. Undefined when
 * another run claimed it first or it is no longer approved.
 */
export async function claimProposal(
  db: D1Database,
  id: string,
  now: string,
  leaseUntil: string,
): Promise<ProposalRow | undefined> {
  const row = await db
    .prepare(
      `UPDATE roster_proposals SET next_attempt_at = ?3, commit_attempts = commit_attempts + 1
        WHERE id = ?1 AND state = 'approved' AND (next_attempt_at IS NULL OR next_attempt_at <= ?2)
        RETURNING *`,
    )
    .bind(id, now, leaseUntil)
    .first<ProposalRow>();
  return row ?? undefined;
}

/** What one attempt came to. */
export type Outcome =
  | { kind: 'committed'; sha: string; changeRecord: string; note: string }
  | { kind: 'conflict'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; error: string; nextAttemptAt: string };

/** Records an attempt's outcome (row + event, one batch). Only a still-approved row changes. */
export async function finishAttempt(db: D1Database, id: string, at: string, o: Outcome): Promise<void> {
  const update = (() => {
    switch (o.kind) {
      case 'committed':
        return db
          .prepare(
            `UPDATE roster_proposals SET state = 'committed', commit_sha = ?2, change_record = ?3, commit_error = NULL,
                    next_attempt_at = NULL WHERE id = ?1 AND state = 'approved'`,
          )
          .bind(id, o.sha, o.changeRecord);
      case 'conflict':
      case 'failed':
        return db
          .prepare(
            `UPDATE roster_proposals SET state = ?2, commit_error = ?3, next_attempt_at = NULL
              WHERE id = ?1 AND state = 'approved'`,
          )
          .bind(id, o.kind, o.error);
      case 'retry':
        return db
          .prepare(
            `UPDATE roster_proposals SET commit_error = ?2, next_attempt_at = ?3 WHERE id = ?1 AND state = 'approved'`,
          )
          .bind(id, o.error, o.nextAttemptAt);
    }
  })();
  const action = { committed: 'commit', conflict: 'conflict', failed: 'fail', retry: 'retry' }[o.kind];
  const note = o.kind === 'committed' ? o.note : o.error;
  await db.batch([eventStatement(db, id, at, action, note), update]);
}

/**
 * Without settings nothing is claimed: every approved proposal shows `reason` (once; an event
 * is written only when the reason changes), and is taken as soon as the settings exist.
 */
export async function markUnconfigured(db: D1Database, at: string, reason: string): Promise<number> {
  const [events] = await db.batch([
    db
      .prepare(
        `INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note)
         SELECT id, ?1, ?2, 'retry', ?3 FROM roster_proposals
          WHERE state = 'approved' AND commit_error IS NOT ?3`,
      )
      .bind(at, SYSTEM_ACTOR, reason),
    db
      .prepare(`UPDATE roster_proposals SET commit_error = ?1 WHERE state = 'approved' AND commit_error IS NOT ?1`)
      .bind(reason),
  ]);
  return events?.meta.changes ?? 0;
}

/** A staff member's name for the commit's author line (the email's local part if not in the directory). */
export async function staffName(db: D1Database, email: string): Promise<string> {
  const row = await db
    .prepare('SELECT name FROM staff WHERE email = ?1')
    .bind(email.toLowerCase())
    .first<{ name: string }>();
  return row?.name ?? email.split('@')[0]!;
}

/** Committed proposals still waiting to go live, oldest approval first: their builds are checked each run. */
export async function committedProposals(db: D1Database, limit: number): Promise<{ id: string; sha: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT id, commit_sha AS sha FROM roster_proposals
        WHERE state = 'committed' AND commit_sha IS NOT NULL ORDER BY decided_at LIMIT ?1`,
    )
    .bind(limit)
    .all<{ id: string; sha: string }>();
  return results;
}

/**
 * Records that the pipeline failed to build a proposal's commit (a content error): the proposal
 * becomes `failed` with the pipeline's message, shown in the console; the live site is unchanged.
 * True when this call changed it (a proposal already published or failed stays as it is).
 */
export async function markBuildFailed(db: D1Database, id: string, at: string, message: string): Promise<boolean> {
  const [, update] = await db.batch([
    db
      .prepare(
        `INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note)
         SELECT id, ?2, ?3, 'fail', ?4 FROM roster_proposals WHERE id = ?1 AND state = 'committed'`,
      )
      .bind(id, at, SYSTEM_ACTOR, message),
    db
      .prepare(
        `UPDATE roster_proposals SET state = 'failed', commit_error = ?2, next_attempt_at = NULL
          WHERE id = ?1 AND state = 'committed'`,
      )
      .bind(id, message),
  ]);
  return (update?.meta.changes ?? 0) > 0;
}
