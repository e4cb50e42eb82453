/**
 * Proposing and deciding roster changes: the one code path behind `/api/staff/roster` and the
 * console pages. Roles and scopes are checked here, on the server, before anything is drafted
 * or written (domain/roster/edits/permissions.ts); every step is an event.
 */
import { draftEdit, resolveEdit } from '../../../domain/roster/edits/apply.ts';
import type { EditDraft, EditRequest, FieldError, FormValues } from '../../../domain/roster/edits/model.ts';
import {
  decisionRefusal,
  proposalRefusal,
  withdrawalRefusal,
  type Refusal,
} from '../../../domain/roster/edits/permissions.ts';
import { townOfRef } from '../../../domain/roster/edits/targets.ts';
import { todayInChina } from '../../../domain/workdays.ts';
import type { Actor } from '../../../domain/cases/model.ts';
import { text } from '../../../domain/roster/fields.ts';
import { publishSoon } from '../publish/soon.ts';
import { builtRoster } from './built.ts';
import { secondApproval } from './config.ts';
import { getProposal, insertProposal, openChangeIds, recordDecision, type Decision } from './store.ts';

export type DraftOutcome =
  { ok: true; draft: EditDraft } | { ok: false; status: 400; errors: FieldError[] } | ({ ok: false } & Refusal);

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** An edit request from a JSON body or a form's fields (anything else is treated as empty). */
export function editRequestOf(body: unknown): EditRequest {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  const raw = b.values && typeof b.values === 'object' ? (b.values as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return { kind: str(b.kind), target: str(b.target), values, effective: str(b.effective), summary: str(b.summary) };
}

/** Drafts an edit for `actor`, refusing what their role and scope do not allow (403) before any drafting. */
export async function draftFor(env: Env, actor: Actor, req: EditRequest, now: Date): Promise<DraftOutcome> {
  const general = proposalRefusal(actor, actor.role === 'town' ? actor.scope : null);
  if (general) return { ok: false, ...general };
  const built = await builtRoster();
  const found = resolveEdit(built.roster, req.kind, req.target);
  if (found.ok) {
    const refusal = proposalRefusal(actor, townOfRef(built.roster, found.resolved.ref));
    if (refusal) return { ok: false, ...refusal };
  }
  const r = await draftEdit(req, { built, today: todayInChina(now), takenChangeIds: await openChangeIds(env.DB) });
  if (!r.ok) return { ok: false, status: 400, errors: r.errors };
  // The scope is checked again on what the edit writes (a new village's town, an enterprise's village).
  const refusal = proposalRefusal(actor, r.draft.town);
  if (refusal) return { ok: false, ...refusal };
  return r;
}

/** Drafts and saves an edit as a proposal waiting for the office. */
export async function propose(
  env: Env,
  actor: Actor,
  req: EditRequest,
  now: Date,
): Promise<{ ok: true; id: string; draft: EditDraft } | Exclude<DraftOutcome, { ok: true }>> {
  const r = await draftFor(env, actor, req, now);
  if (!r.ok) return r;
  return { ok: true, id: await insertProposal(env.DB, r.draft, actor.email, now), draft: r.draft };
}

const DECISIONS: Record<string, Decision['state']> = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' };
const noteSchema = text('退回理由', 500);

export type DecideOutcome =
  | { ok: true }
  | { ok: false; status: 400; errors: FieldError[] }
  | ({ ok: false } & (Refusal | { status: 404; error: string }));

/** Approves, returns (with a reason) or withdraws a waiting proposal. */
export async function decide(env: Env, actor: Actor, id: string, body: unknown, now: Date): Promise<DecideOutcome> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const action = str(b.decision);
  const state = DECISIONS[action];
  if (!state)
    return { ok: false, status: 400, errors: [{ field: 'decision', message: '请选择「批准」「退回」或「撤回」' }] };
  const p = /^[0-9a-f-]{36}$/.test(id) ? await getProposal(env.DB, id) : null;
  if (!p) return { ok: false, status: 404, error: '没有这项名册修改' };
  const refusal = action === 'withdraw' ? withdrawalRefusal(actor, p) : decisionRefusal(actor, p, secondApproval(env));
  if (refusal) return { ok: false, ...refusal };
  let note: string | null = str(b.note).trim() || null;
  if (action === 'return') {
    const n = noteSchema.safeParse(note ?? '');
    if (!n.success) return { ok: false, status: 400, errors: [{ field: 'note', message: n.error.issues[0]!.message }] };
    note = n.data;
  } else if (note && note.length > 500) {
    return { ok: false, status: 400, errors: [{ field: 'note', message: '「备注」不能超过 500 个字，请精简' }] };
  }
  const done = await recordDecision(
    env.DB,
    id,
    actor.email,
    { state, action: action as Decision['action'], note },
    now,
  );
  if (!done) return { ok: false, status: 409, error: '这项修改已经处理过，不能再审批' };
  if (state === 'approved') publishSoon(env, now);
  return { ok: true };
}
