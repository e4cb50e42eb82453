/**
 * The handling statistics' facade for pages and the open-data files: the period from the
 * query string, the figures from functions/statistics/figures.ts, cached at the edge.
 */
import { rosterIndex, rosterWorkCalendar } from '../../domain/roster/current.ts';
import { parseStatsPeriod, quarterOf, type StatsPeriod } from '../../domain/statistics.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { PACKAGE_FIRST_YEAR } from '../../domain/workdays.ts';
import type { FieldError } from '../../domain/complaint-rules.ts';
import { assignCutoff } from '../staff/cases/config.ts';
import { computeFigures, d1Query, type FigureContext, type Figures } from '../statistics/figures.ts';
import {
  assessmentReport,
  vetoReadingSetting,
  type AssessmentReport,
  type UnitReport,
} from '../statistics/assessment.ts';
import { listCases } from '../staff/cases/list.ts';
import { addAccountability, addAssessmentEntry } from '../statistics/entries.ts';
import {
  accountabilityById,
  accountabilityHistory,
  accountabilityRows,
  type AccountabilityRow,
} from '../statistics/ledgers.ts';
import {
  assessmentEntries,
  assessmentEntryById,
  assessmentEntryHistory,
  type AssessmentEntry,
} from '../statistics/assessment.ts';
import { formToObject } from './cases.ts';
import { ledgers } from '../statistics/ledgers.ts';
import { ledgerNames } from '../statistics/ledger-sheets.ts';
import { ledgerXlsx } from '../statistics/ledger-xlsx.ts';
import { XLSX_TYPE } from '../xlsx.ts';
import { quarterPeriod } from '../../domain/statistics.ts';
import { allUnits } from '../../domain/cases/units.ts';
import type { Caller } from '../staff/cases/act.ts';
import type { VetoReading } from '../../domain/assessment.ts';
import { RATE_LABELS, toCsv, toPublic, type PublicStatistics, type RateKey } from '../statistics/public.ts';

export type {
  AccountabilityRow,
  AssessmentEntry,
  AssessmentReport,
  Figures,
  PublicStatistics,
  UnitReport,
  VetoReading,
};
export { toCsv, RATE_LABELS, type RateKey };

/** Seconds the figures of one period stay in the edge cache, and browsers may keep the page. */
export const STATISTICS_MAX_AGE = 600;

/** The `period` query parameter (default: the current quarter), or the field error. */
export function periodParam(
  params: URLSearchParams,
  now = new Date(),
): { ok: true; period: StatsPeriod } | { ok: false; errors: FieldError[] } {
  const today = todayInChina(now);
  const text = params.get('period')?.trim() || quarterOf(today);
  try {
    const period = parseStatsPeriod(text);
    if (Number(period.from.slice(0, 4)) < PACKAGE_FIRST_YEAR || period.from > today) {
      return { ok: false, errors: [{ field: 'period', message: `统计时段应在 ${PACKAGE_FIRST_YEAR} 年到本月之间` }] };
    }
    return { ok: true, period };
  } catch (e) {
    return { ok: false, errors: [{ field: 'period', message: (e as Error).message }] };
  }
}

/** The edge cache of this data centre, when there is one (absent in plain Node). */
const edgeCache = (): Cache | undefined =>
  typeof caches === 'undefined' ? undefined : (caches as unknown as { default: Cache }).default;

/** The figures of `period` as counted today; cached per period, day and cut-off for STATISTICS_MAX_AGE. */
export async function figuresFor(env: Env, period: StatsPeriod, now = new Date()): Promise<Figures> {
  const today = todayInChina(now);
  const cutoff = assignCutoff(env);
  const key = new Request(
    `https://statistics.envgrid.invalid/${period.label}?today=${today}&cutoff=${encodeURIComponent(cutoff)}`,
  );
  const cache = edgeCache();
  const hit = await cache?.match(key);
  if (hit) return (await hit.json()) as Figures;
  const figures = await computeFigures(d1Query(env.DB), period, statsContext(env, now));
  await cache?.put(
    key,
    new Response(JSON.stringify(figures), { headers: { 'cache-control': `public, max-age=${STATISTICS_MAX_AGE}` } }),
  );
  return figures;
}

/** The public statistics of `period` (the page, the JSON and the CSV). */
export async function publicStatistics(env: Env, period: StatsPeriod, now = new Date()): Promise<PublicStatistics> {
  return toPublic(await figuresFor(env, period, now), todayInChina(now), rosterIndex);
}

/** The veto reading set for this deployment (ASSESSMENT_VETO_READING). */
export const configuredReading = (env: Env): VetoReading => vetoReadingSetting(env.ASSESSMENT_VETO_READING);

/** The `quarter` query parameter (default: the current quarter), or the field error. */
export function quarterParam(
  params: URLSearchParams,
  now = new Date(),
): { ok: true; quarter: string } | { ok: false; errors: FieldError[] } {
  const text = (params.get('quarter')?.trim() || quarterOf(todayInChina(now))).toUpperCase();
  if (!/^\d{4}Q[1-4]$/.test(text) || Number(text.slice(0, 4)) < PACKAGE_FIRST_YEAR) {
    return { ok: false, errors: [{ field: 'quarter', message: '季度应写成 YYYYQn，如 2026Q4' }] };
  }
  return { ok: true, quarter: text };
}

/** The quarter's assessment under `reading` (default: the configured one), counted today. */
export function assessmentFor(
  env: Env,
  quarter: string,
  reading: VetoReading = configuredReading(env),
  now = new Date(),
): Promise<AssessmentReport> {
  return assessmentReport(d1Query(env.DB), rosterIndex, quarter, statsContext(env, now), reading);
}

function statsContext(env: Env, now: Date): FigureContext {
  return { cal: rosterWorkCalendar, today: todayInChina(now), cutoff: assignCutoff(env) };
}

/** Everything the monthly 通报 shows: the month's figures, the open overdue cases, the quarter's ranking so far. */
export async function bulletinFor(env: Env, staff: Caller, month: StatsPeriod, now = new Date()) {
  const [figures, overdue, assessment] = await Promise.all([
    figuresFor(env, month, now),
    listCases(env.DB, staff, { overdue: '1' }, now, assignCutoff(env)),
    assessmentFor(env, quarterOf(month.from), configuredReading(env), now),
  ]);
  return { figures, overdue, assessment, countedOn: todayInChina(now) };
}

/** Adds a 问责清单 row from the entries page's form (the page checks the office role). */
export function accountabilityFromForm(env: Env, staff: Caller, form: FormData, now = new Date()) {
  return addAccountability(env.DB, rosterIndex, staff, formToObject(form), now);
}

/** Adds an assessment entry from the entries page's form (the page checks the office role). */
export function assessmentEntryFromForm(env: Env, staff: Caller, form: FormData, now = new Date()) {
  return addAssessmentEntry(env.DB, rosterIndex, staff, formToObject(form), now);
}

/** The quarter's entries as the reports read them, and every version of them (the history). */
export async function entriesOf(env: Env, quarter: string) {
  const q = d1Query(env.DB);
  const [accountability, entries, accountabilityVersions, entryVersions] = await Promise.all([
    accountabilityRows(q, quarter),
    assessmentEntries(q, quarter),
    accountabilityHistory(q, quarter),
    assessmentEntryHistory(q, quarter),
  ]);
  return { accountability, entries, history: { accountability: accountabilityVersions, entries: entryVersions } };
}

/** What `?correct=` names: `accountability:<id>` or `entry:<id>`. */
export type CorrectionTarget =
  { form: 'accountability'; row: AccountabilityRow } | { form: 'entry'; row: AssessmentEntry };

/**
 * The row a correction starts from (`accountability:12`, `entry:7`), or an error for the
 * `correct` parameter; a row already corrected is refused (correct its latest version).
 */
export async function correctionTarget(
  env: Env,
  ref: string,
): Promise<{ ok: true; target: CorrectionTarget } | { ok: false; message: string }> {
  const m = /^(accountability|entry):(\d{1,15})$/.exec(ref.trim());
  if (!m) return { ok: false, message: '要更正的记录写法有误；请从列表中的“更正”进入' };
  const q = d1Query(env.DB);
  const id = Number(m[2]);
  let target: CorrectionTarget | null = null;
  if (m[1] === 'accountability') {
    const row = await accountabilityById(q, id);
    if (row) target = { form: 'accountability', row };
  } else {
    const row = await assessmentEntryById(q, id);
    if (row) target = { form: 'entry', row };
  }
  if (!target) return { ok: false, message: `没有编号为 ${id} 的记录` };
  if (target.row.supersededBy !== null) {
    return { ok: false, message: `记录 ${id} 已被记录 ${target.row.supersededBy} 更正；请更正最新的一条` };
  }
  return { ok: true, target };
}

/** Every unit an entry may concern, for the forms' lists. */
export const entryUnits = () => allUnits(rosterIndex).map((u) => ({ value: u.unit, label: u.name }));

export { XLSX_TYPE };

/** Who may download which ledgers: the office and leaders any town or the district, a town its own. */
export function ledgerTowns(staff: Caller): { all: boolean; own: string | null } | null {
  if (staff.role === 'office' || staff.role === 'viewer') return { all: true, own: null };
  if (staff.role === 'town' && staff.scope) return { all: false, own: staff.scope };
  return null;
}

/**
 * The six-ledger workbook of `quarter` (default: the current quarter) and `town` (default: the
 * whole district; for a town's staff, their own town), the same cells as `npm run ledger:export`.
 * 403 for a role without ledgers or a town asking for another town; 400 naming the field.
 */
export async function ledgerDownload(
  env: Env,
  staff: Caller,
  params: URLSearchParams,
  now = new Date(),
): Promise<
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; filename: string }
  | { ok: false; status: 400 | 403; errors: FieldError[] }
> {
  const may = ledgerTowns(staff);
  if (!may) {
    return {
      ok: false,
      status: 403,
      errors: [{ field: 'town', message: '台账下载只对区网格办、领导和镇（办事处）开放' }],
    };
  }
  const town = params.get('town')?.trim() || may.own || '';
  if (!may.all && town !== may.own) {
    return { ok: false, status: 403, errors: [{ field: 'town', message: '只能下载本镇（办事处）的台账' }] };
  }
  const errors: FieldError[] = [];
  const q = quarterParam(params, now);
  if (!q.ok) errors.push(...q.errors);
  if (town && !rosterIndex.town(town)) errors.push({ field: 'town', message: `没有编号为「${town}」的镇（办事处）` });
  if (!q.ok || errors.length) return { ok: false, status: 400, errors };
  const names = ledgerNames(rosterIndex);
  const l = await ledgers(d1Query(env.DB), quarterPeriod(q.quarter), statsContext(env, now), town || undefined);
  const scope = town ? `${names.towns[town]}（${town}）` : '全区';
  return {
    ok: true,
    bytes: await ledgerXlsx(l, names, scope),
    filename: `ledgers-${q.quarter}${town ? `-${town}` : ''}.xlsx`,
  };
}
