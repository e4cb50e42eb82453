/**
 * The six ledgers of the plan (巡查、问题、交办、查处、整改、问责清单) as rows, for the
 * workbook `npm run ledger:export` writes. Case rows come from the same SQL as the figures
 * (figures.ts `BASE`), so a ledger's "met" column counts exactly what the statistics count;
 * patrols come through patrols.ts; accountability rows are what the office entered (0015).
 */
import { CASE_SOURCES, CASE_STATES } from '../../domain/cases/model.ts';
import { CATEGORIES, PLACE_TYPES } from '../../domain/taxonomy.ts';
import type { StatsPeriod } from '../../domain/statistics.ts';
import { BASE, FEEDBACK_LATE, FEEDBACK_ON_TIME, paramsOf, type FigureContext, type Query } from './figures.ts';
import { patrolRecords, type PatrolEvidence } from './patrols.ts';

/** One case with its clocks, met (1), missed (0) or not yet due (null). */
export interface CaseLedgerRow {
  code: string;
  receivedOn: string;
  source: string;
  category: string;
  placeType: string;
  townId: string;
  villageId: string | null;
  state: string;
  mergedInto: string | null;
  lead: string | null;
  coHandlers: string[];
  assignedOn: string | null;
  assignDue: string | null;
  assignMet: 0 | 1 | null;
  acceptedOn: string | null;
  acceptDue: string | null;
  acceptMet: 0 | 1 | null;
  feedbackOn: string | null;
  rectifyBy: string | null;
  feedbackMet: 0 | 1 | null;
  recheckPassed: number;
  recheckFailed: number;
  closedOn: string | null;
  workingDaysToClose: number | null;
}

const CASE_ROWS = `${BASE}
SELECT tracking_code AS code, rd AS receivedOn, source, category, place_type AS placeType, town_id AS townId,
  village_id AS villageId, state,
  (SELECT t.tracking_code FROM complaints t WHERE t.id = merged_into) AS mergedInto,
  lead, co_handlers AS coHandlers,
  date(first_assign, '+8 hours') AS assignedOn, assign_due AS assignDue,
  CASE WHEN first_assign IS NOT NULL THEN date(first_assign, '+8 hours') <= assign_due
       WHEN state IN ('new', 'returned') AND assign_due < ?5 THEN 0 END AS assignMet,
  date(accept_at, '+8 hours') AS acceptedOn, accept_due AS acceptDue,
  CASE WHEN accept_at IS NOT NULL THEN date(accept_at, '+8 hours') <= accept_due
       WHEN state = 'assigned' AND accept_due < ?5 THEN 0 END AS acceptMet,
  date(first_feedback, '+8 hours') AS feedbackOn, deadline AS rectifyBy,
  CASE WHEN ${FEEDBACK_ON_TIME} THEN 1 WHEN ${FEEDBACK_LATE} THEN 0 END AS feedbackMet,
  passes AS recheckPassed, fails AS recheckFailed,
  CASE WHEN state IN ('closed', 'rejected') THEN date(closed_at, '+8 hours') END AS closedOn,
  CASE WHEN state = 'closed' THEN close_wd END AS workingDaysToClose
FROM timed ORDER BY rd, tracking_code`;

/** The period's cases, one row each with its clocks, in order of receipt. */
export async function caseLedger(q: Query, period: StatsPeriod, ctx: FigureContext): Promise<CaseLedgerRow[]> {
  const rows = await q<Omit<CaseLedgerRow, 'coHandlers'> & { coHandlers: string | null }>(
    CASE_ROWS,
    paramsOf(period, ctx),
  );
  return rows.map((r) => ({ ...r, coHandlers: r.coHandlers ? (JSON.parse(r.coHandlers) as string[]) : [] }));
}

export interface AccountabilityRow {
  id: number;
  quarter: string;
  unit: string;
  code: string | null;
  subject: string;
  matter: string;
  basis: string;
  decision: string;
  decidedOn: string;
  enteredBy: string;
  enteredAt: string;
  /** The row this one corrects, and why (0020); null for a first version. */
  supersedes: number | null;
  reason: string | null;
  /** The row that corrects this one; null for the version in force. */
  supersededBy: number | null;
}

const ACCOUNTABILITY_SELECT = `SELECT a.id, a.quarter, a.unit, c.tracking_code AS code, a.subject, a.matter, a.basis,
    a.decision, a.decided_on AS decidedOn, a.entered_by AS enteredBy, a.entered_at AS enteredAt, a.supersedes, a.reason,
    (SELECT s.id FROM accountability s WHERE s.supersedes = a.id) AS supersededBy
  FROM accountability a LEFT JOIN complaints c ON c.id = a.complaint_id`;

/** The quarter's 问责清单 rows the office entered, corrections applied (a superseded row is left out). */
export function accountabilityRows(q: Query, quarter: string): Promise<AccountabilityRow[]> {
  return q<AccountabilityRow>(
    `${ACCOUNTABILITY_SELECT}
     WHERE a.quarter = ?1 AND a.id NOT IN (SELECT supersedes FROM accountability WHERE supersedes IS NOT NULL)
     ORDER BY a.decided_on, a.id`,
    [quarter],
  );
}

/** Every version of the quarter's 问责清单 rows, superseded ones included, in order of entry. */
export function accountabilityHistory(q: Query, quarter: string): Promise<AccountabilityRow[]> {
  return q<AccountabilityRow>(`${ACCOUNTABILITY_SELECT} WHERE a.quarter = ?1 ORDER BY a.id`, [quarter]);
}

/** One 问责清单 row by id (any version), or undefined. */
export async function accountabilityById(q: Query, id: number): Promise<AccountabilityRow | undefined> {
  return (await q<AccountabilityRow>(`${ACCOUNTABILITY_SELECT} WHERE a.id = CAST(?1 AS INTEGER)`, [String(id)]))[0];
}

export interface Ledgers {
  period: StatsPeriod;
  cases: CaseLedgerRow[];
  patrols: PatrolEvidence;
  accountability: AccountabilityRow[];
}

/** Everything the ledger workbook holds for a quarter (optionally one town's cases only). */
export async function ledgers(q: Query, period: StatsPeriod, ctx: FigureContext, townId?: string): Promise<Ledgers> {
  const [cases, patrols, accountability] = await Promise.all([
    caseLedger(q, period, ctx),
    patrolRecords(q, period),
    accountabilityRows(q, period.label),
  ]);
  const inTown = (unit: string, town: string | null) => !townId || town === townId || unit === `town:${townId}`;
  return {
    period,
    cases: cases.filter((c) => inTown(c.lead ?? '', c.townId)),
    patrols: townId ? { ...patrols, records: patrols.records.filter((r) => r.townId === townId) } : patrols,
    accountability: accountability.filter((a) => inTown(a.unit, null)),
  };
}

/** Chinese labels of the codes the ledgers hold. */
export const LEDGER_LABELS = {
  sources: CASE_SOURCES,
  states: CASE_STATES,
  categories: CATEGORIES,
  places: PLACE_TYPES,
};
