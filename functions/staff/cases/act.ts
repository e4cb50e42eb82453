/**
 * Taking one action on a case: the checks in the order the API documents
 * (404, 403, 409, 400), then one atomic D1 batch that appends the action to
 * the ledger, moves the case on and writes the public steps. A refused or
 * conflicting action writes nothing.
 */
import { rosterIndex, rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { formatTrackingCode, normalizeTrackingCode } from '../../../domain/tracking-code.ts';
import type { FieldError } from '../../../domain/complaint-rules.ts';
import { todayInChina } from '../../../domain/workdays.ts';
import { allowedActions, canSee, decide, nextState, publicSteps } from '../../../domain/cases/machine.ts';
import { parseAction, type ActionInput } from '../../../domain/cases/input.ts';
import {
  CASE_ACTION_KEYS,
  CASE_ACTIONS,
  FINAL_STATES,
  PHOTO_ACTIONS,
  unitOf,
  type Actor,
  type CaseAction,
  type CaseState,
} from '../../../domain/cases/model.ts';
import { unitName } from '../../../domain/cases/units.ts';
import { loadCase, viewOf, type CaseRow, type LoadedCase } from './record.ts';
import { presentCase, type CaseDetail } from './present.ts';
import type { PreparedPhotos } from '../../../domain/photos.ts';
import {
  caseActionOwner,
  deletePhotoObjects,
  insertPhotoStatement,
  putPhotoObjects,
  type StoredPhoto,
} from '../../photos/store.ts';

/** A staff member as the ledger records them (the identity contract's StaffMember fits). */
export interface Caller extends Actor {
  name: string;
}

export type Refusal =
  | { ok: false; status: 400; errors: FieldError[] }
  | { ok: false; status: 403 | 404; error: string }
  | { ok: false; status: 409; error: string; allowed: CaseAction[] };
export type ActResult = { ok: true; case: CaseDetail } | Refusal;

/** What an action is about to write, for statements that must commit in the same batch. */
export interface AppliedAction {
  complaintId: string;
  /** Compact form. */
  trackingCode: string;
  /** The ledger row's number (case_actions.seq). */
  seq: number;
  action: CaseAction;
  from: CaseState;
  to: CaseState;
  at: string;
}

export interface ActOptions {
  /**
   * Further statements for the action's batch (the office updates' ledger,
   * functions/office/updates.ts): they commit with the action or not at all.
   */
  also?: (applied: AppliedAction) => D1PreparedStatement[];
  /**
   * Photos posted with the action (the case page's multipart form), checked and
   * stripped; only PHOTO_ACTIONS take them. Their objects go to R2 before the
   * batch and their rows into it, so they commit with the action or not at all.
   */
  photos?: { bucket: R2Bucket; prepared: PreparedPhotos };
}

export const CASE_NOT_FOUND = '没有这个查询编号的案件，请核对编号';
const NOT_YOURS = '您无权查看或办理这个案件';
const CONFLICT = '这个案件刚刚被其他人办理过，请刷新页面查看最新情况后再操作';

/** Loads a case the caller may see, or the 404/403 refusal. */
export async function loadVisibleCase(
  db: D1Database,
  actor: Actor,
  typedCode: string,
): Promise<{ ok: true; loaded: LoadedCase } | { ok: false; status: 403 | 404; error: string }> {
  const code = normalizeTrackingCode(typedCode);
  const loaded = code ? await loadCase(db, code) : null;
  if (!loaded) return { ok: false, status: 404, error: CASE_NOT_FOUND };
  if (!canSee(actor, viewOf(loaded.row))) return { ok: false, status: 403, error: NOT_YOURS };
  return { ok: true, loaded };
}

/** Takes the action in `body` on the case `code` as `caller` at `now`. */
export async function takeAction(
  db: D1Database,
  caller: Caller,
  code: string,
  body: unknown,
  now: Date,
  cutoff: string,
  opts: ActOptions = {},
): Promise<ActResult> {
  const found = await loadVisibleCase(db, caller, code);
  if (!found.ok) return found;
  const { row } = found.loaded;
  const today = todayInChina(now);

  // The action's name first: who may take it and from which state come before its fields.
  const name = body && typeof body === 'object' ? (body as { action?: unknown }).action : undefined;
  const action = typeof name === 'string' ? (name.trim() as CaseAction) : undefined;
  if (action && CASE_ACTION_KEYS.includes(action)) {
    const d = decide(caller, viewOf(row), action);
    if (!d.ok) {
      return d.status === 409
        ? { ok: false, status: 409, error: d.reason, allowed: d.allowed }
        : { ok: false, status: 403, error: d.reason };
    }
  }
  const parsed = parseAction(body, {
    today,
    unitName: (u) => unitName(rosterIndex, u),
    nextWorkingDay: () => rosterWorkCalendar.addWorkingDays(today, 1),
  });
  const photoErrors: FieldError[] =
    opts.photos && !opts.photos.prepared.ok
      ? opts.photos.prepared.errors.map((e) => ({ field: e.field, message: e.message }))
      : [];
  if (!parsed.ok || photoErrors.length)
    return { ok: false, status: 400, errors: [...(parsed.ok ? [] : parsed.errors), ...photoErrors] };
  const input = parsed.value;
  const photos = opts.photos?.prepared.ok ? opts.photos.prepared.photos : [];
  if (photos.length && !PHOTO_ACTIONS.includes(input.action)) {
    const message = `只有「${PHOTO_ACTIONS.map((a) => CASE_ACTIONS[a]).join('」和「')}」可以附照片，请去掉照片后再提交`;
    return { ok: false, status: 400, errors: [{ field: 'photos', message }] };
  }

  let targetId: string | null = null;
  if (input.action === 'merge') {
    const t = await checkMergeTarget(db, row, input.into);
    if (typeof t === 'string') return { ok: false, status: 400, errors: [{ field: 'into', message: t }] };
    targetId = t.id;
  }

  // Objects first, under random keys; their rows join the action's batch below.
  let stored: StoredPhoto[] = [];
  if (photos.length)
    stored = await putPhotoObjects(opts.photos!.bucket, caseActionOwner(row.id, row.version + 1), photos, now);
  try {
    const applied: AppliedAction = {
      complaintId: row.id,
      trackingCode: row.tracking_code,
      seq: row.version + 1,
      action: input.action,
      from: row.state,
      to: nextState(input.action, row.state, input.action === 'verify' ? input.passed : undefined),
      at: now.toISOString(),
    };
    await db.batch([
      ...actionStatements(db, row, caller, input, now, targetId),
      ...(opts.also?.(applied) ?? []),
      ...stored.map((p) => insertPhotoStatement(db, p)),
    ]);
  } catch (e) {
    if (opts.photos) await deletePhotoObjects(opts.photos.bucket, stored);
    // UNIQUE (complaint_id, seq): someone else acted on this case since it was read
    // (or, for `also` statements, their own key was taken meanwhile: the caller looks).
    if (!/UNIQUE constraint/i.test(String(e))) throw e;
    const again = await loadCase(db, row.tracking_code);
    return { ok: false, status: 409, error: CONFLICT, allowed: again ? allowedActions(caller, viewOf(again.row)) : [] };
  }
  const after = await loadCase(db, row.tracking_code);
  return { ok: true, case: presentCase(after!, caller, now, cutoff) };
}

/** The merge target, or why it cannot be one. */
async function checkMergeTarget(db: D1Database, row: CaseRow, into: string): Promise<{ id: string } | string> {
  if (into === row.tracking_code) return '不能把案件并入它自己，请填写另一个案件的查询编号';
  const target = await loadCase(db, into);
  if (!target) return '没有这个查询编号的案件，请核对要并入的案件编号';
  if (FINAL_STATES.includes(target.row.state)) {
    return `案件 ${formatTrackingCode(into)} 已经结束（${target.row.state === 'merged' ? '已并入其他案件' : '已销号或不予受理'}），不能再并入`;
  }
  const mergedIn = await db
    .prepare('SELECT COUNT(*) AS n FROM cases WHERE merged_into = ?1')
    .bind(row.id)
    .first<{ n: number }>();
  if (mergedIn && mergedIn.n > 0) {
    return '已有其他投诉并入本案件，不能再把本案件并入别的案件；可以反过来把那个案件并入本案件';
  }
  return { id: target.row.id };
}

/** The action's own fields, kept in the ledger's `details`. */
function detailsOf(input: ActionInput): Record<string, unknown> {
  switch (input.action) {
    case 'assign':
      return {
        lead: input.lead,
        coHandlers: input.coHandlers,
        rectifyBy: input.rectifyBy,
        jointDate: input.jointDate,
        shareContact: input.shareContact,
      };
    case 'verify':
      return { outcome: input.passed ? 'pass' : 'fail' };
    case 'reject':
      return { reason: input.reason, redirectTo: input.redirectTo };
    case 'merge':
      return { into: formatTrackingCode(input.into) };
    default:
      return {};
  }
}

/** The case's columns after the action. */
function nextPosition(row: CaseRow, input: ActionInput, at: string, targetId: string | null) {
  const p = {
    lead: row.lead,
    coHandlers: row.co_handlers,
    shareContact: row.share_contact,
    rectifyBy: row.rectify_by,
    jointDate: row.joint_date,
    assignedAt: row.assigned_at,
    returnedAt: row.returned_at,
    lastReportAt: row.last_report_at,
    mergedInto: row.merged_into,
    mergedAt: row.merged_at,
    closedAt: row.closed_at,
  };
  switch (input.action) {
    case 'assign':
      return {
        ...p,
        lead: input.lead,
        coHandlers: JSON.stringify(input.coHandlers),
        shareContact: input.shareContact ? 1 : 0,
        rectifyBy: input.rectifyBy,
        jointDate: input.jointDate,
        assignedAt: at,
        lastReportAt: null,
      };
    case 'return':
      // Back with the office: the handlers and their deadlines end; the ledger keeps them.
      return {
        ...p,
        lead: null,
        coHandlers: '[]',
        shareContact: 0,
        rectifyBy: null,
        jointDate: null,
        assignedAt: null,
        lastReportAt: null,
        returnedAt: at,
      };
    case 'progress':
    case 'feedback':
      return { ...p, lastReportAt: at };
    case 'verify':
      return input.passed ? { ...p, closedAt: at } : p;
    case 'reject':
      return { ...p, closedAt: at };
    case 'merge':
      return { ...p, mergedInto: targetId, mergedAt: at };
    default:
      return p;
  }
}

/** The statements of one action, to run as one batch. */
function actionStatements(
  db: D1Database,
  row: CaseRow,
  caller: Caller,
  input: ActionInput,
  now: Date,
  targetId: string | null,
): D1PreparedStatement[] {
  const at = now.toISOString();
  const passed = input.action === 'verify' ? input.passed : undefined;
  const to = nextState(input.action, row.state, passed);
  const steps = publicSteps(input.action, input.publicNote, {
    leadName: input.action === 'assign' ? unitName(rosterIndex, input.lead) : undefined,
    passed,
    reason: input.action === 'reject' ? input.reason : undefined,
    redirectTo: input.action === 'reject' ? input.redirectTo : undefined,
  });
  const p = nextPosition(row, input, at, targetId);
  const actor = unitOf(caller) ?? caller.role;
  const out: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO case_actions (complaint_id, seq, action, at, actor_email, actor_name, actor_role, actor_scope,
           from_state, to_state, internal_note, public_note, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
      )
      .bind(
        row.id,
        row.version + 1,
        input.action,
        at,
        caller.email,
        caller.name,
        caller.role,
        caller.scope,
        row.state,
        to,
        input.internalNote,
        input.publicNote,
        JSON.stringify(detailsOf(input)),
      ),
    db
      .prepare(
        `UPDATE cases SET state = ?3, version = version + 1, lead = ?4, co_handlers = ?5, share_contact = ?6,
           rectify_by = ?7, joint_date = ?8, assigned_at = ?9, returned_at = ?10, last_report_at = ?11,
           merged_into = ?12, merged_at = ?13, closed_at = ?14, updated_at = ?15
         WHERE complaint_id = ?1 AND version = ?2`,
      )
      .bind(
        row.id,
        row.version,
        to,
        p.lead,
        p.coHandlers,
        p.shareContact,
        p.rectifyBy,
        p.jointDate,
        p.assignedAt,
        p.returnedAt,
        p.lastReportAt,
        p.mergedInto,
        p.mergedAt,
        p.closedAt,
        at,
      ),
  ];
  for (const s of steps) {
    out.push(
      db
        .prepare('INSERT INTO complaint_events (complaint_id, at, status, note, actor) VALUES (?1, ?2, ?3, ?4, ?5)')
        .bind(row.id, at, s.status, s.note, actor),
    );
  }
  const last = steps.at(-1);
  if (last) out.push(db.prepare('UPDATE complaints SET status = ?2 WHERE id = ?1').bind(row.id, last.status));
  if (last?.status === 'closed') {
    // Complaints merged into this case close with it, so their retention periods start too.
    out.push(
      db
        .prepare(
          `INSERT INTO complaint_events (complaint_id, at, status, note, actor)
           SELECT complaint_id, ?2, 'closed', NULL, ?3 FROM cases WHERE merged_into = ?1`,
        )
        .bind(row.id, at, actor),
    );
  }
  return out;
}
