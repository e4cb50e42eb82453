/**
 * The handling figures of one period, computed in SQL in this one module and shared by the
 * public /statistics/ page, /data/statistics.json and .csv, the ledger workbook, the monthly
 * 通报 and the quarterly assessment (docs/statistics.md defines every figure).
 *
 * Cases are counted by the Beijing day they were received (a cohort): a complaint received in
 * November is November's, whatever month it was closed in. Working days come from a day
 * table built from the official calendar (domain/statistics.ts `dayTable`) and passed in as
 * JSON, so the SQL never holds a second copy of the holiday rules.
 */
import { dayTable, rate, utcBounds, type Rate, type StatsPeriod } from '../../domain/statistics.ts';
import type { WorkCalendar } from '../../domain/workdays.ts';

export { d1Query, type Query } from '../d1-query.ts';
import type { Query } from '../d1-query.ts';

/** What the figures are counted against. */
export interface FigureContext {
  cal: WorkCalendar;
  /** Today's Beijing date: a clock counts as missed only once its day has ended. */
  today: string;
  /** Same-day assignment cut-off, Beijing `HH:MM` (CASE_ASSIGN_CUTOFF). */
  cutoff: string;
}

/** One handling unit's figures (the lead of the case's latest assignment). */
export interface UnitFigures {
  unit: string;
  assigned: number;
  acceptedLate: number;
  feedbackOnTime: number;
  feedbackLate: number;
  recheckPassed: number;
  recheckFailedCases: number;
  closed: number;
  overdueOpen: number;
}

/** One town's figures (cases located in the town). */
export interface TownFigures {
  town: string;
  received: number;
  /** Problems not found by the grid's own patrols (source other than 网格巡查), neither rejected nor merged. */
  notFoundByGrid: number;
  /** Cases reported three or more times (two or more merged into them) and not closed. */
  repeatUnresolved: number;
  closed: number;
}

export interface Figures {
  period: StatsPeriod;
  received: number;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  byTown: Record<string, number>;
  byMonth: Record<string, number>;
  byState: Record<string, number>;
  assignedSameDay: Rate;
  feedbackOnTime: Rate;
  closed: Rate;
  recheckPass: Rate;
  medianWorkingDaysToClose: number | null;
  /** Complaints merged into another case as a repeat of it (并单). */
  repeatReports: number;
  rejected: number;
  units: UnitFigures[];
  towns: TownFigures[];
}

// ?1 day table (JSON), ?2/?3 UTC bounds, ?4 cut-off, ?5 today.
export const BASE = `
WITH params AS (SELECT ?4 AS cutoff, ?5 AS today),
days AS (
  SELECT json_extract(value, '$[0]') AS d, json_extract(value, '$[1]') AS w,
         json_extract(value, '$[2]') AS nw, json_extract(value, '$[3]') AS wi
  FROM json_each(?1)
),
base AS (
  SELECT c.id, c.tracking_code, c.category, c.place_type, c.town_id, c.village_id, k.source, k.state, k.closed_at,
         k.merged_into,
         date(c.received_at, '+8 hours') AS rd, strftime('%H:%M', c.received_at, '+8 hours') AS rt
  FROM complaints c JOIN cases k ON k.complaint_id = c.id
  WHERE c.received_at >= ?2 AND c.received_at < ?3
),
acts AS (
  SELECT b.*,
    (SELECT min(a.at) FROM case_actions a WHERE a.complaint_id = b.id AND a.action = 'assign') AS first_assign,
    (SELECT max(a.at) FROM case_actions a WHERE a.complaint_id = b.id AND a.action = 'assign') AS last_assign,
    (SELECT min(a.at) FROM case_actions a WHERE a.complaint_id = b.id AND a.action = 'feedback') AS first_feedback,
    (SELECT count(*) FROM case_actions a WHERE a.complaint_id = b.id AND a.action = 'verify'
       AND json_extract(a.details, '$.outcome') = 'pass') AS passes,
    (SELECT count(*) FROM case_actions a WHERE a.complaint_id = b.id AND a.action = 'verify'
       AND json_extract(a.details, '$.outcome') = 'fail') AS fails,
    (SELECT count(*) FROM cases m WHERE m.merged_into = b.id) AS merged_in
  FROM base b
),
timed AS (
  SELECT x.*,
    CASE WHEN dr.w = 1 AND x.rt <= ?4 THEN x.rd ELSE dr.nw END AS assign_due,
    (SELECT json_extract(a.details, '$.rectifyBy') FROM case_actions a
       WHERE a.complaint_id = x.id AND a.action = 'assign' AND (x.first_feedback IS NULL OR a.at <= x.first_feedback)
       ORDER BY a.seq DESC LIMIT 1) AS deadline,
    (SELECT json_extract(a.details, '$.lead') FROM case_actions a
       WHERE a.complaint_id = x.id AND a.action = 'assign' ORDER BY a.seq DESC LIMIT 1) AS lead,
    (SELECT json_extract(a.details, '$.coHandlers') FROM case_actions a
       WHERE a.complaint_id = x.id AND a.action = 'assign' ORDER BY a.seq DESC LIMIT 1) AS co_handlers,
    (SELECT min(a.at) FROM case_actions a
       WHERE a.complaint_id = x.id AND a.action = 'accept' AND a.at >= x.last_assign) AS accept_at,
    (SELECT CASE WHEN da.w = 1 THEN da.d ELSE da.nw END FROM days da
       WHERE da.d = date(x.last_assign, '+8 hours')) AS accept_due,
    (SELECT dc.wi FROM days dc WHERE dc.d = date(x.closed_at, '+8 hours')) - dr.wi AS close_wd
  FROM acts x LEFT JOIN days dr ON dr.d = x.rd
)`;

export const FEEDBACK_ON_TIME = `(deadline IS NOT NULL AND first_feedback IS NOT NULL AND date(first_feedback, '+8 hours') <= deadline)`;
export const FEEDBACK_LATE = `(deadline IS NOT NULL AND ((first_feedback IS NOT NULL AND date(first_feedback, '+8 hours') > deadline)
  OR (first_feedback IS NULL AND deadline < ?5)))`;

const DIMENSIONS = `${BASE}
SELECT 'source' AS dim, source AS key, count(*) AS n FROM base GROUP BY source
UNION ALL SELECT 'category', category, count(*) FROM base GROUP BY category
UNION ALL SELECT 'town', town_id, count(*) FROM base GROUP BY town_id
UNION ALL SELECT 'month', substr(rd, 1, 7), count(*) FROM base GROUP BY substr(rd, 1, 7)
UNION ALL SELECT 'state', state, count(*) FROM base GROUP BY state`;

const TOTALS = `${BASE}
SELECT count(*) AS received,
  coalesce(sum(first_assign IS NOT NULL OR (state IN ('new', 'returned') AND assign_due < ?5)), 0) AS assign_of,
  coalesce(sum(first_assign IS NOT NULL AND date(first_assign, '+8 hours') <= assign_due), 0) AS assign_n,
  coalesce(sum(${FEEDBACK_ON_TIME} OR ${FEEDBACK_LATE}), 0) AS feedback_of,
  coalesce(sum(${FEEDBACK_ON_TIME}), 0) AS feedback_n,
  coalesce(sum(state = 'closed'), 0) AS closed_n,
  coalesce(sum(state <> 'merged'), 0) AS closed_of,
  coalesce(sum(passes), 0) AS recheck_n,
  coalesce(sum(passes + fails), 0) AS recheck_of,
  coalesce(sum(state = 'merged'), 0) AS merged,
  coalesce(sum(state = 'rejected'), 0) AS rejected,
  (SELECT avg(close_wd) FROM (
     SELECT close_wd, row_number() OVER (ORDER BY close_wd) AS rn, count(*) OVER () AS cnt
     FROM timed WHERE state = 'closed' AND close_wd IS NOT NULL)
   WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)) AS median_wd
FROM timed`;

const UNITS = `${BASE}
SELECT lead AS unit, count(*) AS assigned,
  sum((accept_at IS NOT NULL AND date(accept_at, '+8 hours') > accept_due)
      OR (accept_at IS NULL AND state = 'assigned' AND accept_due < ?5)) AS accepted_late,
  sum(${FEEDBACK_ON_TIME}) AS feedback_on_time,
  sum(${FEEDBACK_LATE}) AS feedback_late,
  sum(passes) AS recheck_passed,
  sum(fails > 0) AS recheck_failed_cases,
  sum(state = 'closed') AS closed,
  sum(state IN ('assigned', 'accepted') AND deadline < ?5) AS overdue_open
FROM timed WHERE lead IS NOT NULL GROUP BY lead ORDER BY lead`;

const TOWNS = `${BASE}
SELECT town_id AS town, count(*) AS received,
  sum(source <> 'patrol' AND state NOT IN ('rejected', 'merged')) AS not_found_by_grid,
  sum(merged_in >= 2 AND state <> 'closed') AS repeat_unresolved,
  sum(state = 'closed') AS closed
FROM timed GROUP BY town_id ORDER BY town_id`;

/** Days after a period's end that its day table covers. */
export const MEDIAN_WINDOW_DAYS = 366;

/** The parameters every statement above takes. */
export function paramsOf(period: StatsPeriod, ctx: FigureContext): string[] {
  // The day table runs to today, but at most a year past the period: it keeps the bound JSON
  // small (D1 caps a statement's size); a case closed later is left out of the median.
  const cap = new Date(Date.parse(`${period.to}T00:00:00Z`) + MEDIAN_WINDOW_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const last = ctx.today > period.to ? (ctx.today < cap ? ctx.today : cap) : period.to;
  const { start, end } = utcBounds(period);
  return [JSON.stringify(dayTable(ctx.cal, period.from, last)), start, end, ctx.cutoff, ctx.today];
}

interface TotalsRow {
  received: number;
  assign_of: number;
  assign_n: number;
  feedback_of: number;
  feedback_n: number;
  closed_n: number;
  closed_of: number;
  recheck_n: number;
  recheck_of: number;
  merged: number;
  rejected: number;
  median_wd: number | null;
}

/** Computes every figure of `period` from the case desk's tables. */
export async function computeFigures(q: Query, period: StatsPeriod, ctx: FigureContext): Promise<Figures> {
  const p = paramsOf(period, ctx);
  const [dims, totals, units, towns] = await Promise.all([
    q<{ dim: string; key: string; n: number }>(DIMENSIONS, p),
    q<TotalsRow>(TOTALS, p),
    q<Record<string, number | string>>(UNITS, p),
    q<Record<string, number | string>>(TOWNS, p),
  ]);
  const dim = (name: string) => Object.fromEntries(dims.filter((r) => r.dim === name).map((r) => [r.key, r.n]));
  const t = totals[0]!;
  const n = (r: Record<string, number | string>, k: string) => Number(r[k] ?? 0);
  return {
    period,
    received: t.received,
    bySource: dim('source'),
    byCategory: dim('category'),
    byTown: dim('town'),
    byMonth: dim('month'),
    byState: dim('state'),
    assignedSameDay: rate(t.assign_n, t.assign_of),
    feedbackOnTime: rate(t.feedback_n, t.feedback_of),
    closed: rate(t.closed_n, t.closed_of),
    recheckPass: rate(t.recheck_n, t.recheck_of),
    medianWorkingDaysToClose: t.median_wd,
    repeatReports: t.merged,
    rejected: t.rejected,
    units: units.map((r) => ({
      unit: String(r.unit),
      assigned: n(r, 'assigned'),
      acceptedLate: n(r, 'accepted_late'),
      feedbackOnTime: n(r, 'feedback_on_time'),
      feedbackLate: n(r, 'feedback_late'),
      recheckPassed: n(r, 'recheck_passed'),
      recheckFailedCases: n(r, 'recheck_failed_cases'),
      closed: n(r, 'closed'),
      overdueOpen: n(r, 'overdue_open'),
    })),
    towns: towns.map((r) => ({
      town: String(r.town),
      received: n(r, 'received'),
      notFoundByGrid: n(r, 'not_found_by_grid'),
      repeatUnresolved: n(r, 'repeat_unresolved'),
      closed: n(r, 'closed'),
    })),
  };
}
