/**
 * The patrol log's facade for the pages under /staff/ (site/pages/staff/patrols/): the same code
 * paths as `/api/staff/patrols`, taking a page's form instead of JSON.
 */
import { patrolFromForm } from '../../domain/patrol-input.ts';
import { patrolsOf, type PatrolSummary } from '../patrols/queries.ts';
import { reachOf, recordPatrol, type RecordResult } from '../patrols/record.ts';
import type { Caller } from '../staff/cases/act.ts';

export type { PatrolSummary, RecordResult };
export { reachOf };

/** Records the patrol a page's form posted (the form's fields as the API's JSON). */
export function recordPatrolFromForm(env: Env, staff: Caller, form: FormData, now = new Date()): Promise<RecordResult> {
  return recordPatrol(env.DB, staff, patrolFromForm(form.entries()), now);
}

/** The latest patrols the member recorded. */
export function myPatrols(env: Env, staff: Caller): Promise<PatrolSummary[]> {
  return patrolsOf(env.DB, staff.email);
}
