/**
 * The case desk's facade for the console pages (site/pages/staff/): the same
 * code paths as `/api/staff/cases`, taking a page's form or query instead of
 * JSON. Pages import from functions/ only through functions/services/.
 */
import { assignCutoff, duplicateWindow } from '../staff/cases/config.ts';
import { loadVisibleCase, takeAction, type ActResult, type Caller } from '../staff/cases/act.ts';
import { presentWithDuplicates, type CaseWithDuplicates } from '../staff/cases/present.ts';
import type { CaseDetail } from '../staff/cases/present.ts';
import { listCases, overviewOf, parseQueueFilter, type QueueEntry, type QueueFilter } from '../staff/cases/list.ts';
import { openCase, type OpenResult } from '../staff/cases/open.ts';
import type { FieldError } from '../../domain/complaint-rules.ts';
import { PHOTO_FIELD, PHOTO_FORM_MAX_BYTES } from '../../domain/photos.ts';
import { photosFromForm } from '../photos/upload.ts';

export type { ActResult, CaseDetail, CaseWithDuplicates, Caller, QueueEntry, QueueFilter, OpenResult };

/** A form's fields as the API's JSON would carry them: repeated fields become lists. */
export function formToObject(form: FormData, lists: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = lists.includes(key) ? values : (values[0] ?? '');
  }
  return out;
}

/** The queue page: validated filters from the query string, then the visible cases. */
export async function caseQueue(
  env: Env,
  staff: Caller,
  params: URLSearchParams,
  now = new Date(),
): Promise<{ ok: true; filter: QueueFilter; entries: QueueEntry[] } | { ok: false; errors: FieldError[] }> {
  const f = parseQueueFilter(Object.fromEntries(params));
  if (!f.ok) return f;
  const entries = await listCases(env.DB, staff, f.value, now, assignCutoff(env), duplicateWindow(env));
  return { ok: true, filter: f.value, entries };
}

/** The overview page's counts over every case the staff member may see. */
export async function caseOverview(env: Env, staff: Caller, now = new Date()) {
  const entries = await listCases(env.DB, staff, {}, now, assignCutoff(env));
  return { ...overviewOf(entries, now), overdueCases: entries.filter((e) => e.overdue).slice(0, 20) };
}

/** One case for the case page, or the refusal (403/404). */
export async function caseDetail(
  env: Env,
  staff: Caller,
  code: string,
  now = new Date(),
): Promise<{ ok: true; case: CaseWithDuplicates } | { ok: false; status: 403 | 404; error: string }> {
  const found = await loadVisibleCase(env.DB, staff, code);
  if (!found.ok) return found;
  return { ok: true, case: await presentWithDuplicates(env, found.loaded, staff, now) };
}

/** The largest case page post: a progress report or feedback with three photos of 10 MB. */
export const CASE_FORM_MAX_BYTES = PHOTO_FORM_MAX_BYTES;

/** Takes the action a case page's form posted, with its photos (progress and feedback). */
export async function caseAction(
  env: Env,
  staff: Caller,
  code: string,
  form: FormData,
  now = new Date(),
): Promise<ActResult> {
  const fields = formToObject(form, ['coHandlers']);
  delete fields[PHOTO_FIELD];
  const prepared = await photosFromForm(form);
  return takeAction(env.DB, staff, code, fields, now, assignCutoff(env), {
    photos: { bucket: env.PHOTOS, prepared },
  });
}

/** Opens a case from the new-case form (office only; the page checks the role). */
export function openCaseFromForm(env: Env, staff: Caller, form: FormData, now = new Date()): Promise<OpenResult> {
  return openCase(env, staff, formToObject(form), now);
}
