/**
 * Approved roster proposals for the publisher's tests, as the console (branch roster-edit)
 * leaves them: a row of `roster_proposals` in state `approved` whose `files` are canonical YAML
 * written by domain/roster/serialize.ts from the sample roster, with the hash of the text the
 * edit started from, and its drafted change record.
 */
import { parse as parseYaml } from 'yaml';
import { sha256Hex } from '../../domain/crypto.ts';
import { leadingComment, toYaml } from '../../domain/roster/serialize.ts';
import { villageSchema, type Village } from '../../domain/roster/schema.ts';

export interface ProposalFileInput {
  path: string;
  content: string;
  base: string | null;
}

export interface ApprovedProposal {
  id: string;
  files: ProposalFileInput[];
  changeRecord: { id: string; effective: string; scope: string[]; summary: string };
  proposedBy?: string;
  decidedBy?: string;
  town?: string | null;
  decidedAt?: string;
}

/**
 * A village file with its first supervisor replaced, from the file's current text: the new
 * canonical text (leading comment kept) and the hash of the text it started from.
 */
export async function replaceSupervisor(path: string, currentText: string, name: string, phone: string) {
  const village = parseYaml(currentText) as Village;
  village.supervisors[0] = { ...village.supervisors[0]!, name, phone, sample: true };
  return {
    path,
    content: toYaml(village, villageSchema, leadingComment(currentText) || undefined),
    base: await sha256Hex(currentText),
  };
}

/** Inserts an approved proposal with its propose and approve events. */
export async function insertApprovedProposal(db: D1Database, p: ApprovedProposal): Promise<void> {
  const proposedBy = p.proposedBy ?? 'town@example.org';
  const decidedBy = p.decidedBy ?? 'office@example.org';
  const at = p.decidedAt ?? '2026-12-01T02:00:00.000Z';
  await db.batch([
    db
      .prepare(
        `INSERT INTO roster_proposals (id, town, kind, summary, effective, files, change_record, state,
           proposed_by, proposed_at, decided_by, decided_at)
         VALUES (?1, ?2, 'replace-person', ?3, ?4, ?5, ?6, 'approved', ?7, ?8, ?9, ?8)`,
      )
      .bind(
        p.id,
        p.town ?? null,
        p.changeRecord.summary,
        p.changeRecord.effective,
        JSON.stringify(p.files),
        JSON.stringify(p.changeRecord),
        proposedBy,
        at,
        decidedBy,
      ),
    db
      .prepare(`INSERT INTO roster_proposal_events (proposal_id, at, actor, action) VALUES (?1, ?2, ?3, 'propose')`)
      .bind(p.id, at, proposedBy),
    db
      .prepare(`INSERT INTO roster_proposal_events (proposal_id, at, actor, action) VALUES (?1, ?2, ?3, 'approve')`)
      .bind(p.id, at, decidedBy),
  ]);
}

/** The publisher's view of a proposal after a run. */
export interface ProposalState {
  state: string;
  commit_sha: string | null;
  commit_attempts: number;
  commit_error: string | null;
  next_attempt_at: string | null;
  change_record: string;
  published_at: string | null;
  published_version: string | null;
}

export async function proposalState(db: D1Database, id: string): Promise<ProposalState> {
  return (await db
    .prepare(
      `SELECT state, commit_sha, commit_attempts, commit_error, next_attempt_at, change_record, published_at, published_version
         FROM roster_proposals WHERE id = ?1`,
    )
    .bind(id)
    .first<ProposalState>())!;
}

export async function proposalEvents(db: D1Database, id: string) {
  const { results } = await db
    .prepare('SELECT actor, action, note FROM roster_proposal_events WHERE proposal_id = ?1 ORDER BY id')
    .bind(id)
    .all<{ actor: string; action: string; note: string | null }>();
  return results;
}
