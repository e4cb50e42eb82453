/**
 * The patrol log's facade for the pages under /staff/ (site/pages/staff/patrols/): the same code
 * paths as `/api/staff/patrols`, taking a page's form instead of JSON.
 */
import { patrolFromForm } from '../../domain/patrol-input.ts';
import { PHOTO_FORM_MAX_BYTES } from '../../domain/photos.ts';
import { photosFromForm } from '../photos/upload.ts';
import { isoWeekOf, parsePeriod } from '../../domain/patrols.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { checkPeriod, rowLine } from '../patrols/check.ts';
import { d1Query } from '../d1-query.ts';
import { patrolsOf, type PatrolSummary } from '../patrols/queries.ts';
import { reachOf, recordPatrol, type RecordResult } from '../patrols/record.ts';
import type { Caller } from '../staff/cases/act.ts';

export type { PatrolSummary, RecordResult };
export { reachOf };

/** The largest patrol form the page reads: three photos of 10 MB and the fields. */
export const PATROL_FORM_MAX_BYTES = PHOTO_FORM_MAX_BYTES;

/** Records the patrol a page's form posted (the form's fields as the API's JSON, and its photos). */
export async function recordPatrolFromForm(
  env: Env,
  staff: Caller,
  form: FormData,
  now = new Date(),
): Promise<RecordResult> {
  const photos = await photosFromForm(form);
  const body = patrolFromForm(form.entries());
  if (photos.ok) return recordPatrol(env, staff, body, now, photos.photos);
  const photoErrors = photos.errors.map((e) => ({ field: 'photos', message: e.message }));
  return recordPatrol(env, staff, body, now, [], photoErrors);
}

/** The latest patrols the member recorded. */
export function myPatrols(env: Env, staff: Caller): Promise<PatrolSummary[]> {
  return patrolsOf(env.DB, staff.email);
}

/** The office overview's patrol section: the last whole ISO week, rows below the plan's minimum in words. */
export async function lastWeekPatrols(
  env: Env,
  now = new Date(),
): Promise<{ label: string; lines: string[]; rows: number }> {
  const today = todayInChina(now);
  const lastWeek = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  const { year, week } = isoWeekOf(lastWeek);
  const period = parsePeriod(`${year}-W${String(week).padStart(2, '0')}`);
  const check = await checkPeriod(d1Query(env.DB), rosterIndex.roster, period, today);
  return {
    label: `${period.label}（${period.from} 至 ${period.to}）`,
    lines: check.below.map((r) => rowLine(rosterIndex.roster, r)),
    rows: check.rows.length,
  };
}
