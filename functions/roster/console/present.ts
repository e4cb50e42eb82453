/**
 * A proposal as the console shows it: its files and change record parsed, the diff in words
 * against the roster as built, its clock (30 working days from the effective date on the
 * official calendar) and its events.
 */
import { changeClock, type ChangeClock } from '../../../domain/changes.ts';
import { diffOfFiles } from '../../../domain/roster/edits/apply.ts';
import type { ChangeDraft, DiffLine, ProposedFile } from '../../../domain/roster/edits/model.ts';
import { rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { todayInChina } from '../../../domain/workdays.ts';
import { builtRoster } from './built.ts';
import { eventsOf, type ProposalEventRow, type ProposalRow } from './store.ts';

/** Chinese labels of a proposal's states (the publisher's states too, for the list). */
export const PROPOSAL_STATE_LABELS: Record<string, string> = {
  proposed: '待审批',
  returned: '已退回',
  withdrawn: '已撤回',
  approved: '已批准，等待发布',
  committed: '已提交版本库，等待上线',
  conflict: '与其他修改冲突',
  failed: '发布失败',
  published: '已公布',
};

/** Chinese labels of the events. */
export const EVENT_LABELS: Record<string, string> = {
  propose: '提出修改',
  approve: '批准',
  return: '退回',
  withdraw: '撤回',
  commit: '提交版本库',
  conflict: '发现冲突',
  fail: '发布失败',
  retry: '重试发布',
  publish: '上线公布',
};

export interface ProposalSummary {
  id: string;
  town: string | null;
  kind: string;
  summary: string;
  effective: string;
  state: string;
  stateLabel: string;
  proposedBy: string;
  proposedAt: string;
  change: ChangeDraft;
  clock: ChangeClock;
}

export interface ProposalDetail extends ProposalSummary {
  files: ProposedFile[];
  diff: DiffLine[];
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  commitError: string | null;
  events: (ProposalEventRow & { label: string })[];
}

/** A proposal row for lists, with its publication clock as of `now`. */
export function summarize(p: ProposalRow, now: Date): ProposalSummary {
  const change = JSON.parse(p.change_record) as ChangeDraft;
  return {
    id: p.id,
    town: p.town,
    kind: p.kind,
    summary: p.summary,
    effective: p.effective,
    state: p.state,
    stateLabel: PROPOSAL_STATE_LABELS[p.state] ?? p.state,
    proposedBy: p.proposed_by,
    proposedAt: p.proposed_at,
    change,
    clock: changeClock(
      { effective: p.effective, published: p.published_at ?? undefined },
      rosterWorkCalendar,
      todayInChina(now),
    ),
  };
}

/** A proposal with its diff and events, for its page and the API. */
export async function presentProposal(db: D1Database, p: ProposalRow, now: Date): Promise<ProposalDetail> {
  const files = JSON.parse(p.files) as ProposedFile[];
  const events = await eventsOf(db, p.id);
  return {
    ...summarize(p, now),
    files,
    diff: diffOfFiles(await builtRoster(), files),
    decidedBy: p.decided_by,
    decidedAt: p.decided_at,
    decisionNote: p.decision_note,
    commitError: p.commit_error,
    events: events.map((e) => ({ ...e, label: EVENT_LABELS[e.action] ?? e.action })),
  };
}
