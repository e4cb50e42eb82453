/**
 * Recording a patrol, the one path for the API (JSON from the phone's script) and the page
 * (a form post without JavaScript): who may patrol where, validation, storage.
 */
import { rosterIndex } from '../../domain/roster/current.ts';
import { gridReach, type GridReach } from '../../domain/grid-scope.ts';
import { parsePatrol } from '../../domain/patrol-input.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { storePatrol, type StorePatrolResult } from './store.ts';
import type { Caller } from '../staff/cases/act.ts';
import type { PreparedPhoto } from '../../domain/photos.ts';
import type { FieldError } from '../../domain/complaint-rules.ts';

/** The villages a staff member may record patrols for; null for anyone who is not a grid member. */
export function reachOf(staff: Caller): GridReach | null {
  return staff.role === 'grid' ? gridReach(rosterIndex.roster, staff.scope, staff.email) : null;
}

export type RecordResult = StorePatrolResult | { ok: false; status: 403; errors: { field: string; message: string }[] };

/** Validates and stores a patrol for `staff` with its photos (checked and stripped); 403 for anyone without a grid scope. */
export async function recordPatrol(
  env: { DB: D1Database; PHOTOS: R2Bucket },
  staff: Caller,
  body: unknown,
  now: Date,
  photos: readonly PreparedPhoto[] = [],
  photoErrors: readonly FieldError[] = [],
): Promise<RecordResult> {
  const reach = reachOf(staff);
  if (!reach) {
    return {
      ok: false,
      status: 403,
      errors: [{ field: 'role', message: '只有网格巡查人员（分网格长、网格监督员）可以记录巡查' }],
    };
  }
  const parsed = parsePatrol(body, { villages: reach.villages.map((v) => v.id), today: todayInChina(now) });
  if (!parsed.ok) return { ok: false, status: 400, errors: [...parsed.errors, ...photoErrors] };
  return storePatrol(env, staff, reach, parsed.value, now, photos, photoErrors);
}
