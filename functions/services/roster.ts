/**
 * The roster console's facade for the pages under /staff/roster/: the same code paths as
 * `/api/staff/roster`, taking a page's form instead of JSON. Edit values travel in fields
 * named `v.<field>` so they never collide with the form's own (`kind`, `target`, `step`).
 */
import { changeClock, type ChangeClock } from '../../domain/changes.ts';
import { COMMON_FIELD_LABELS, resolveEdit } from '../../domain/roster/edits/apply.ts';
import type { EditField, EditRequest, FormValues } from '../../domain/roster/edits/model.ts';
import { townOfRef } from '../../domain/roster/edits/targets.ts';
import { rosterWorkCalendar } from '../../domain/roster/current.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import type { Actor } from '../../domain/cases/model.ts';
import { proposalRefusal, decisionRefusal, withdrawalRefusal } from '../../domain/roster/edits/permissions.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { builtRoster } from '../roster/console/built.ts';
import { secondApproval } from '../roster/console/config.ts';
import { decide, draftFor, propose, type DecideOutcome, type DraftOutcome } from '../roster/console/proposals.ts';
import { presentProposal, summarize, type ProposalDetail, type ProposalSummary } from '../roster/console/present.ts';
import { getProposal, recentProposals } from '../roster/console/store.ts';
import { confirmUpload, previewUpload, uploadWorkbook, workbookOf } from '../roster/console/upload.ts';

export { COMMON_FIELD_LABELS };
export { diffText, groupByTown } from '../../domain/roster/edits/diff.ts';
export { mayProposeFor } from '../../domain/roster/edits/permissions.ts';
export { PERSON_LISTS } from '../../domain/roster/edits/targets.ts';
export { PROPOSAL_STATE_LABELS } from '../roster/console/present.ts';
export type { DecideOutcome, DraftOutcome, EditField, FormValues, ProposalDetail, ProposalSummary };
export { MAX_UPLOAD_POST_BYTES } from '../roster/console/upload.ts';
export type { UploadIssue } from '../roster/console/upload.ts';

const VALUE_PREFIX = 'v.';

/** The form field name of an edit's value. */
export const valueName = (field: string) => `${VALUE_PREFIX}${field}`;

/** The edit a page's form posted. */
export function editRequestFromForm(form: FormData): EditRequest {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    if (!key.startsWith(VALUE_PREFIX)) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key.slice(VALUE_PREFIX.length)] = all.length > 1 ? all : (all[0] ?? '');
  }
  // Check boxes post one field per ticked box; an unticked group posts none at all.
  for (const key of (form.get('lists') as string | null)?.split(',') ?? []) {
    if (key) values[key] = form.getAll(valueName(key)).filter((v): v is string => typeof v === 'string');
  }
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  return { kind: s('kind'), target: s('target'), effective: s('effective'), summary: s('summary'), values };
}

export interface ChangeWithClock {
  id: string;
  summary: string;
  effective: string;
  clock: ChangeClock;
}

/** The console's main page: the whole roster as built, the proposals and the unpublished changes with their clocks. */
export async function rosterOverview(
  env: Env,
  now = new Date(),
): Promise<{ roster: Roster; today: string; proposals: ProposalSummary[]; unpublished: ChangeWithClock[] }> {
  const { roster } = await builtRoster();
  const today = todayInChina(now);
  const unpublished = roster.changes
    .filter((c) => !c.published)
    .map((c) => ({
      id: c.id,
      summary: c.summary,
      effective: c.effective,
      clock: changeClock(c, rosterWorkCalendar, today),
    }));
  return { roster, today, proposals: (await recentProposals(env.DB)).map((p) => summarize(p, now)), unpublished };
}

export type EditFormView =
  | { ok: true; label: string; fields: EditField[]; initial: FormValues; place: string }
  | { ok: false; status: 403 | 404; error: string };

/** An edit form's fields and starting values, or why the staff member cannot use it. */
export async function editForm(staff: Actor, kind: string, target: string): Promise<EditFormView> {
  const { roster } = await builtRoster();
  const found = resolveEdit(roster, kind, target);
  if (!found.ok) return { ok: false, status: 404, error: found.error.message };
  const refusal = proposalRefusal(staff, townOfRef(roster, found.resolved.ref));
  if (refusal) return { ok: false, status: 403, error: refusal.error };
  const { def, resolved } = found;
  const name = resolved.entity.name;
  return {
    ok: true,
    label: def.label,
    fields: def.fields(roster, resolved),
    initial: def.initial(resolved),
    place: typeof name === 'string' ? name : resolved.ref.id,
  };
}

/** The confirmation step: the draft (diff, findings, change record) without saving. */
export function previewFromForm(env: Env, staff: Actor, form: FormData, now = new Date()): Promise<DraftOutcome> {
  return draftFor(env, staff, editRequestFromForm(form), now);
}

/** Saves the confirmed edit as a proposal. */
export function proposeFromForm(env: Env, staff: Actor, form: FormData, now = new Date()) {
  return propose(env, staff, editRequestFromForm(form), now);
}

/** One proposal with what the signed-in member may do with it now. */
export async function proposalView(
  env: Env,
  staff: Actor,
  id: string,
  now = new Date(),
): Promise<{ proposal: ProposalDetail; decideRefusal: string | null; mayWithdraw: boolean } | null> {
  const row = /^[0-9a-f-]{36}$/.test(id) ? await getProposal(env.DB, id) : null;
  if (!row) return null;
  return {
    proposal: await presentProposal(env.DB, row, now),
    decideRefusal: decisionRefusal(staff, row, secondApproval(env))?.error ?? null,
    mayWithdraw: withdrawalRefusal(staff, row) === null,
  };
}

/** Approves, returns or withdraws from the proposal page's forms. */
export function decideFromForm(env: Env, staff: Actor, id: string, form: FormData, now = new Date()) {
  return decide(env, staff, id, { decision: form.get('decision'), note: form.get('note') }, now);
}

const formText = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
};

/** The upload page's first step: the posted workbook read, checked and kept for confirmation. */
export async function uploadFromForm(env: Env, staff: Actor, form: FormData, now = new Date()) {
  const file = await workbookOf(form);
  return uploadWorkbook(env, staff, file ?? { name: '', bytes: new Uint8Array() }, now);
}

/** The upload's diff again (for its confirmation form shown with errors), as of today. */
export function uploadPreview(env: Env, staff: Actor, token: string, now = new Date()) {
  return previewUpload(env, staff, token, { effective: todayInChina(now), summary: '' }, now);
}

/** The upload page's confirmation: checked again on the server, then saved as a proposal. */
export function confirmUploadFromForm(env: Env, staff: Actor, form: FormData, now = new Date()) {
  const req = { effective: formText(form, 'effective'), summary: formText(form, 'summary') };
  return confirmUpload(env, staff, formText(form, 'token'), req, now);
}
