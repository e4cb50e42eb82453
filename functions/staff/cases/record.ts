/**
 * Reading one case from D1: the complaint (private fields included — only
 * staff routes read this), the case's position, its action ledger and its
 * public timeline, shaped for the API and the console.
 */
import { rosterIndex } from '../../../domain/roster/current.ts';
import type { Routing } from '../../../domain/routing.ts';
import type { Category, PlaceType } from '../../../domain/taxonomy.ts';
import { formatTrackingCode } from '../../../domain/tracking-code.ts';
import {
  CASE_STATES,
  type CaseSource,
  type CaseState,
  type StaffRole,
  type Unit,
} from '../../../domain/cases/model.ts';
import type { CaseView } from '../../../domain/cases/machine.ts';
import type { ClockInput } from '../../../domain/cases/clocks.ts';
import { unitName } from '../../../domain/cases/units.ts';
import { isRepeatReport } from '../../../domain/cases/digest.ts';
import type { ComplaintRow } from '../../forwarding/message.ts';

/** The row shape of `cases` joined with its complaint (the complaint's columns as forwarding reads them). */
export interface CaseRow extends Omit<ComplaintRow, 'category' | 'place_type'> {
  category: Category;
  place_type: PlaceType;
  source: CaseSource;
  state: CaseState;
  version: number;
  lead: Unit | null;
  co_handlers: string;
  share_contact: number;
  rectify_by: string | null;
  joint_date: string | null;
  assigned_at: string | null;
  returned_at: string | null;
  last_report_at: string | null;
  merged_into: string | null;
  merged_into_code: string | null;
  merged_at: string | null;
  closed_at: string | null;
  updated_at: string;
  urge_count: number;
  supervised_at: string | null;
  /** Reports merged into this case (each one counts toward 反复举报). */
  merged_count: number;
}

/** The columns every case read selects (`c` = complaints, `k` = cases, `t` = the merge target). */
export const CASE_COLUMNS = `c.id, c.tracking_code, c.category, c.place_type, c.town_id, c.village_id, c.address,
  c.description, c.observed_at, c.anonymous, c.contact_name, c.contact_phone, c.routing, c.received_at, c.channel,
  k.source, k.state, k.version, k.lead, k.co_handlers, k.share_contact, k.rectify_by, k.joint_date, k.assigned_at,
  k.returned_at, k.last_report_at, k.merged_into, t.tracking_code AS merged_into_code, k.merged_at, k.closed_at, k.updated_at,
  k.urge_count, k.supervised_at, (SELECT COUNT(*) FROM cases m WHERE m.merged_into = k.complaint_id) AS merged_count`;
export const CASE_FROM = `complaints c JOIN cases k ON k.complaint_id = c.id LEFT JOIN complaints t ON t.id = k.merged_into`;

export interface ActionRow {
  seq: number;
  action: string;
  at: string;
  actor_email: string;
  actor_name: string;
  actor_role: StaffRole;
  actor_scope: string | null;
  from_state: CaseState;
  to_state: CaseState;
  internal_note: string | null;
  public_note: string | null;
  details: string;
}

/** One entry of a case's ledger as the API shows it. */
export interface CaseActionEntry {
  seq: number;
  action: string;
  at: string;
  actor: { email: string; name: string; role: StaffRole; scope: string | null };
  fromState: CaseState;
  toState: CaseState;
  internalNote: string | null;
  publicNote: string | null;
  details: Record<string, unknown>;
}

export const toActionEntry = (a: ActionRow): CaseActionEntry => ({
  seq: a.seq,
  action: a.action,
  at: a.at,
  actor: { email: a.actor_email, name: a.actor_name, role: a.actor_role, scope: a.actor_scope },
  fromState: a.from_state,
  toState: a.to_state,
  internalNote: a.internal_note,
  publicNote: a.public_note,
  details: JSON.parse(a.details) as Record<string, unknown>,
});

const named = (unit: Unit) => ({ unit, name: unitName(rosterIndex, unit) ?? unit });

/** The summary of a case, as a queue lists it (no private fields). */
export function caseSummary(r: CaseRow) {
  const routing = JSON.parse(r.routing) as Routing;
  return {
    trackingCode: formatTrackingCode(r.tracking_code),
    source: r.source,
    state: r.state,
    stateLabel: CASE_STATES[r.state],
    category: r.category,
    placeType: r.place_type,
    townId: r.town_id,
    villageId: r.village_id,
    place: routing.village ? `${routing.town.name} ${routing.village.name}` : routing.town.name,
    receivedAt: r.received_at,
    lead: r.lead ? named(r.lead) : null,
    coHandlers: coHandlersOf(r).map(named),
    rectifyBy: r.rectify_by,
    jointDate: r.joint_date,
    assignedAt: r.assigned_at,
    mergedInto: r.merged_into_code ? formatTrackingCode(r.merged_into_code) : null,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    /** This report plus those merged into it. */
    reports: r.merged_count + 1,
    /** 反复举报: reported three or more times and not ended. */
    repeatReport: isRepeatReport(r.merged_count + 1, r.state),
    /** 催办 recorded by the overdue digests, and whether it has been escalated to 督办. */
    urgeCount: r.urge_count,
    supervised: r.supervised_at !== null,
  };
}
export type CaseSummary = ReturnType<typeof caseSummary>;

export const coHandlersOf = (r: Pick<CaseRow, 'co_handlers'>) => JSON.parse(r.co_handlers) as Unit[];

/** What the state machine needs from a row. */
export const viewOf = (r: CaseRow): CaseView => ({
  state: r.state,
  townId: r.town_id,
  lead: r.lead,
  coHandlers: coHandlersOf(r),
});

/** What the clocks need from a row. */
export const clockInputOf = (r: CaseRow): ClockInput => ({
  state: r.state,
  receivedAt: r.received_at,
  returnedAt: r.returned_at,
  assignedAt: r.assigned_at,
  lastReportAt: r.last_report_at,
  rectifyBy: r.rectify_by,
});

/** The case by compact tracking code, with its ledger and public timeline; null when unknown. */
export async function loadCase(db: D1Database, code: string) {
  const [head, actions, events, mergedFrom] = await db.batch([
    db.prepare(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.tracking_code = ?1`).bind(code),
    db
      .prepare(
        `SELECT a.seq, a.action, a.at, a.actor_email, a.actor_name, a.actor_role, a.actor_scope, a.from_state,
                a.to_state, a.internal_note, a.public_note, a.details
         FROM case_actions a JOIN complaints c ON c.id = a.complaint_id WHERE c.tracking_code = ?1 ORDER BY a.seq`,
      )
      .bind(code),
    db
      .prepare(
        `SELECT e.at, e.status, e.note FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
         WHERE c.tracking_code = ?1 ORDER BY e.at, e.id`,
      )
      .bind(code),
    db
      .prepare(
        `SELECT m.tracking_code FROM cases k JOIN complaints c ON c.id = k.merged_into JOIN complaints m ON m.id = k.complaint_id
         WHERE c.tracking_code = ?1 ORDER BY k.merged_at`,
      )
      .bind(code),
  ]);
  const row = (head?.results as CaseRow[] | undefined)?.[0];
  if (!row) return null;
  return {
    row,
    actions: ((actions?.results ?? []) as ActionRow[]).map(toActionEntry),
    timeline: (events?.results ?? []) as { at: string; status: string; note: string | null }[],
    mergedFrom: ((mergedFrom?.results ?? []) as { tracking_code: string }[]).map((m) =>
      formatTrackingCode(m.tracking_code),
    ),
  };
}
export type LoadedCase = NonNullable<Awaited<ReturnType<typeof loadCase>>>;
