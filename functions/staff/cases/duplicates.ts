/**
 * Finding likely duplicates in D1 (domain/cases/duplicates.ts for the rule):
 * open cases in the same village with the same category and place type,
 * received within the window of each other. Only open cases are offered,
 * since only they can be merged into (functions/staff/cases/act.ts).
 */
import { formatTrackingCode } from '../../../domain/tracking-code.ts';
import { daysApart, rankDuplicates } from '../../../domain/cases/duplicates.ts';
import { isRepeatReport } from '../../../domain/cases/digest.ts';
import { CASE_STATES, type CaseState } from '../../../domain/cases/model.ts';
import type { CaseRow } from './record.ts';

/** Joins `o` (another complaint) and `ok` (its case) to `c` when they report the same problem: one rule, both queries. */
const SAME_PROBLEM = `complaints o JOIN cases ok ON ok.complaint_id = o.id
  WHERE o.village_id = c.village_id AND o.category = c.category AND o.place_type = c.place_type AND o.id <> c.id
    AND ok.state NOT IN ('closed', 'rejected', 'merged')
    AND abs(julianday(o.received_at) - julianday(c.received_at)) <= ?2`;

export interface DuplicateSuggestion {
  trackingCode: string;
  state: CaseState;
  stateLabel: string;
  receivedAt: string;
  /** Whole days between the two reports. */
  daysApart: number;
  reports: number;
  repeatReport: boolean;
}

/** The likely duplicates of one case, most likely first (at most 10). */
export async function suggestDuplicates(
  db: D1Database,
  row: CaseRow,
  windowDays: number,
): Promise<DuplicateSuggestion[]> {
  if (!row.village_id) return [];
  const { results } = await db
    .prepare(
      `SELECT o.tracking_code, ok.state, o.received_at,
              (SELECT COUNT(*) FROM cases m WHERE m.merged_into = o.id) + 1 AS reports
         FROM complaints c, ${SAME_PROBLEM} AND c.id = ?1
        LIMIT 50`,
    )
    .bind(row.id, windowDays)
    .all<{ tracking_code: string; state: CaseState; received_at: string; reports: number }>();
  const ranked = rankDuplicates(
    row.received_at,
    results.map((r) => ({ ...r, receivedAt: r.received_at })),
  );
  return ranked.slice(0, 10).map((r) => ({
    trackingCode: formatTrackingCode(r.tracking_code),
    state: r.state,
    stateLabel: CASE_STATES[r.state],
    receivedAt: r.received_at,
    daysApart: Math.round(daysApart(r.received_at, row.received_at)),
    reports: r.reports,
    repeatReport: isRepeatReport(r.reports, r.state),
  }));
}

/** How many likely duplicates each of `ids` (complaint ids) has. */
export async function duplicateCounts(db: D1Database, ids: string[], windowDays: number): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT c.id, (SELECT COUNT(*) FROM ${SAME_PROBLEM}) AS n
         FROM complaints c WHERE c.id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(ids), windowDays)
    .all<{ id: string; n: number }>();
  return new Map(results.map((r) => [r.id, r.n]));
}
