/**
 * The one state machine of the case loop (plan 二(二)2–4): which action may be
 * taken by whom from which state, where it leads, and which public step the
 * citizen sees. The API, the console pages and the tests all decide through
 * `decide`, so a rule lives here only.
 */
import type { ComplaintStatus } from '../complaint.ts';
import {
  CASE_ACTION_KEYS,
  CASE_ACTIONS,
  CASE_STATES,
  unitOf,
  type Actor,
  type CaseAction,
  type CaseState,
  type Unit,
} from './model.ts';

/** What the rules need to know about a case. */
export interface CaseView {
  state: CaseState;
  /** The complaint's town (the place, not necessarily the handler). */
  townId: string;
  /** The lead handler while assigned (null before assignment and after a return). */
  lead: Unit | null;
  coHandlers: Unit[];
}

/** Who may take an action: the office, the lead unit, or any handler (lead or co-handler). */
type Party = 'office' | 'lead' | 'handler';

interface Rule {
  who: Party;
  from: readonly CaseState[];
}

/** The table of the issue: who takes each action, and from which states. */
export const RULES: Record<CaseAction, Rule> = {
  assign: { who: 'office', from: ['new', 'returned'] },
  accept: { who: 'lead', from: ['assigned'] },
  return: { who: 'lead', from: ['assigned', 'accepted'] },
  progress: { who: 'handler', from: ['accepted'] },
  feedback: { who: 'lead', from: ['accepted'] },
  verify: { who: 'office', from: ['feedback'] },
  reject: { who: 'office', from: ['new', 'returned'] },
  merge: { who: 'office', from: ['new', 'returned', 'assigned', 'accepted'] },
};

/** Whether the case's handlers include `unit`, as lead or co-handler. */
function handles(c: CaseView, unit: Unit | null): boolean {
  return unit !== null && (c.lead === unit || c.coHandlers.includes(unit));
}

/**
 * Which cases a staff member may read: the office and viewers every case; a
 * town the cases in its town and those it handles; a department those it
 * handles. `canSee` applies it to one case and the queue's SQL filter
 * (functions/staff/cases/list.ts) to many, so the rule is stated once, here.
 */
export type Visibility = { all: true } | { all: false; townId: string | null; unit: Unit | null };

export function visibilityOf(actor: Actor): Visibility {
  if (actor.role === 'office' || actor.role === 'viewer') return { all: true };
  return { all: false, townId: actor.role === 'town' ? actor.scope : null, unit: unitOf(actor) };
}

/** Whether a staff member may read a case (see `visibilityOf`). */
export function canSee(actor: Actor, c: CaseView): boolean {
  const v = visibilityOf(actor);
  if (v.all) return true;
  return (v.townId !== null && v.townId === c.townId) || handles(c, v.unit);
}

/** Whether a staff member may see the office overview (counts over every case): the office and viewers. */
export function mayViewOverview(actor: Actor): boolean {
  return actor.role === 'office' || actor.role === 'viewer';
}

/** Whether a staff member may open a case from another source (patrol, hotline, …): the office only. */
export function mayOpenCase(actor: Actor): boolean {
  return actor.role === 'office';
}

function isParty(actor: Actor, c: CaseView, who: Party): boolean {
  if (who === 'office') return actor.role === 'office';
  const unit = unitOf(actor);
  return who === 'lead' ? unit !== null && c.lead === unit : handles(c, unit);
}

export type Decision =
  | { ok: true }
  | { ok: false; status: 403; reason: string }
  | { ok: false; status: 409; reason: string; allowed: CaseAction[] };

/**
 * Whether `actor` may take `action` on the case now. 403 when the caller's role
 * or scope never allows it on this case (checked first, so a 409 never tells an
 * outsider the case's state); 409 when the state does not allow it, with the
 * actions the caller could take instead.
 */
export function decide(actor: Actor, c: CaseView, action: CaseAction): Decision {
  const rule = RULES[action];
  if (!canSee(actor, c)) return { ok: false, status: 403, reason: '您无权查看或办理这个案件' };
  if (!isParty(actor, c, rule.who)) {
    const who = rule.who === 'office' ? '区网格办' : rule.who === 'lead' ? '牵头承办单位' : '承办单位（牵头或协办）';
    return { ok: false, status: 403, reason: `「${CASE_ACTIONS[action]}」只能由${who}办理` };
  }
  if (!rule.from.includes(c.state)) {
    return {
      ok: false,
      status: 409,
      reason: `案件现在「${CASE_STATES[c.state]}」，不能「${CASE_ACTIONS[action]}」`,
      allowed: allowedActions(actor, c),
    };
  }
  return { ok: true };
}

/** The actions `actor` may take on the case now, in the table's order. */
export function allowedActions(actor: Actor, c: CaseView): CaseAction[] {
  return CASE_ACTION_KEYS.filter((a) => {
    const rule = RULES[a];
    return canSee(actor, c) && isParty(actor, c, rule.who) && rule.from.includes(c.state);
  });
}

/** The state an action leads to. `passed` is the verification's outcome (verify only). */
export function nextState(action: CaseAction, from: CaseState, passed?: boolean): CaseState {
  switch (action) {
    case 'assign':
      return 'assigned';
    case 'accept':
    case 'progress':
      return 'accepted';
    case 'return':
      return 'returned';
    case 'feedback':
      return 'feedback';
    case 'verify':
      return passed ? 'closed' : 'accepted';
    case 'reject':
      return 'rejected';
    case 'merge':
      return 'merged';
  }
}

/** One entry of the citizen's public timeline (complaint_events). */
export interface PublicStep {
  status: ComplaintStatus;
  note: string | null;
}

/** What the public steps of an action need besides the staff's public note. */
export interface StepContext {
  /** The lead's display name (assign). */
  leadName?: string;
  /** Verification outcome (verify). */
  passed?: boolean;
  /** Reason and where to go instead (reject). */
  reason?: string;
  redirectTo?: string;
}

const join = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join('\n') || null;

/**
 * The public steps an action writes to the citizen's timeline. Only step
 * labels and the staff's public note ever reach the citizen: a return is
 * internal, and a progress note is public only when it has a public note.
 * Closing (verify pass, reject) also writes 'closed', the step the retention
 * purge keys on.
 */
export function publicSteps(action: CaseAction, publicNote: string | null, ctx: StepContext = {}): PublicStep[] {
  switch (action) {
    case 'assign':
      return [{ status: 'assigned', note: join(ctx.leadName ? `承办单位：${ctx.leadName}` : null, publicNote) }];
    case 'accept':
      return [{ status: 'accepted', note: publicNote }];
    case 'return':
      return [];
    case 'progress':
      return publicNote ? [{ status: 'progress', note: publicNote }] : [];
    case 'feedback':
      return [{ status: 'feedback', note: publicNote }];
    case 'verify':
      return ctx.passed
        ? [
            { status: 'verified', note: publicNote },
            { status: 'closed', note: null },
          ]
        : [{ status: 'verify_failed', note: publicNote }];
    case 'reject':
      return [
        {
          status: 'rejected',
          note: join(`原因：${ctx.reason ?? ''}`, `请向${ctx.redirectTo ?? ''}反映`, publicNote),
        },
        { status: 'closed', note: null },
      ];
    case 'merge':
      return [
        { status: 'merged', note: join('已与反映同一问题的其他投诉合并办理，以下显示合并后案件的进度', publicNote) },
      ];
  }
}
