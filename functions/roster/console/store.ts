/**
 * D1 reads and writes of roster proposals (migration 0017). The console writes a proposal and
 * its `propose` event in one batch, and a decision only while the proposal still waits: the
 * event is inserted in the same batch only when the guarded update changed the row, so two
 * office members deciding at once leave one decision and one event.
 */
import type { EditDraft } from '../../../domain/roster/edits/model.ts';
import type { ConsoleState } from '../../../domain/roster/edits/permissions.ts';

export interface ProposalRow {
  id: string;
  town: string | null;
  kind: string;
  summary: string;
  effective: string;
  files: string;
  change_record: string;
  state: string;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  commit_sha: string | null;
  commit_attempts: number;
  commit_error: string | null;
  next_attempt_at: string | null;
  published_at: string | null;
  published_version: string | null;
}

export interface ProposalEventRow {
  id: number;
  proposal_id: string;
  at: string;
  actor: string;
  action: string;
  note: string | null;
}

/** States whose change record is not in the roster as built and not abandoned: their ids are taken. */
const OPEN_STATES = ['proposed', 'approved', 'committed', 'conflict', 'failed'];

/**
 * Saves a drafted edit as a proposal with its `propose` event (with `note`, e.g. the uploaded
 * workbook's name); returns its id.
 */
export async function insertProposal(
  db: D1Database,
  draft: EditDraft,
  actor: string,
  now: Date,
  { id = crypto.randomUUID(), note = null }: { id?: string; note?: string | null } = {},
): Promise<string> {
  const at = now.toISOString();
  await db.batch([
    db
      .prepare(
        `INSERT INTO roster_proposals (id, town, kind, summary, effective, files, change_record, state, proposed_by, proposed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'proposed', ?8, ?9)`,
      )
      .bind(
        id,
        draft.town,
        draft.kind,
        draft.change.summary,
        draft.change.effective,
        JSON.stringify(draft.files),
        JSON.stringify(draft.change),
        actor,
        at,
      ),
    db
      .prepare(
        `INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note) VALUES (?1, ?2, ?3, 'propose', ?4)`,
      )
      .bind(id, at, actor, note),
  ]);
  return id;
}

/** One proposal, or null. */
export function getProposal(db: D1Database, id: string): Promise<ProposalRow | null> {
  return db.prepare('SELECT * FROM roster_proposals WHERE id = ?1').bind(id).first<ProposalRow>();
}

/** A proposal's events, oldest first. */
export async function eventsOf(db: D1Database, id: string): Promise<ProposalEventRow[]> {
  return (
    await db
      .prepare('SELECT * FROM roster_proposal_events WHERE proposal_id = ?1 ORDER BY id')
      .bind(id)
      .all<ProposalEventRow>()
  ).results;
}

/** The most recent proposals, newest first (the console lists them). */
export async function recentProposals(db: D1Database, limit = 200): Promise<ProposalRow[]> {
  return (
    await db.prepare('SELECT * FROM roster_proposals ORDER BY proposed_at DESC LIMIT ?1').bind(limit).all<ProposalRow>()
  ).results;
}

/** Proposals not yet published and not abandoned (their change records are not in the built roster yet). */
export async function openProposals(db: D1Database): Promise<ProposalRow[]> {
  return (
    await db
      .prepare(
        `SELECT * FROM roster_proposals WHERE state IN (${OPEN_STATES.map((_, i) => `?${i + 1}`).join(', ')})
         ORDER BY effective, proposed_at`,
      )
      .bind(...OPEN_STATES)
      .all<ProposalRow>()
  ).results;
}

/** Change ids drafted by open proposals, so a new draft takes the next free one. */
export async function openChangeIds(db: D1Database): Promise<string[]> {
  return (await openProposals(db)).map((p) => (JSON.parse(p.change_record) as { id: string }).id);
}

export interface Decision {
  state: Extract<ConsoleState, 'approved' | 'returned' | 'withdrawn'>;
  action: 'approve' | 'return' | 'withdraw';
  note: string | null;
}

/**
 * Moves a waiting proposal to `decision.state` and records the event, both or neither.
 * Returns false when the proposal no longer waits (someone decided first).
 */
export async function recordDecision(
  db: D1Database,
  id: string,
  actor: string,
  decision: Decision,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  // A withdrawal is the proposer's, not a decision: decided_by/at stay empty.
  const decided = decision.action !== 'withdraw';
  const [update] = await db.batch([
    db
      .prepare(
        `UPDATE roster_proposals SET state = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5
         WHERE id = ?1 AND state = 'proposed'`,
      )
      .bind(id, decision.state, decided ? actor : null, decided ? at : null, decided ? decision.note : null),
    db
      .prepare(
        `INSERT INTO roster_proposal_events (proposal_id, at, actor, action, note)
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE changes() = 1`,
      )
      .bind(id, at, actor, decision.action, decision.note),
  ]);
  return (update?.meta.changes ?? 0) === 1;
}
