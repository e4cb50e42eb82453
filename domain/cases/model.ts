/**
 * The case desk's vocabulary: every complaint is a case that moves through
 * these states by these actions. The state machine itself is in machine.ts;
 * this module only names things (and has no imports) so pages, the API, the
 * migrations' CHECKs and the tests all spell them the same way.
 */

/** Where a case came from. Citizen complaints come in through the public form or API. */
export const CASE_SOURCES = {
  citizen: '群众投诉',
  patrol: '网格巡查',
  hotline: '12369 热线',
  superior: '上级交办',
  media: '媒体曝光',
  other: '其他',
} as const;
export type CaseSource = keyof typeof CASE_SOURCES;
/** The sources the office may pick when it opens a case itself (a citizen files their own). */
export const STAFF_SOURCES = ['patrol', 'hotline', 'superior', 'media', 'other'] as const satisfies CaseSource[];
export type StaffSource = (typeof STAFF_SOURCES)[number];

/** The states of a case, with the office's name for each. */
export const CASE_STATES = {
  new: '待交办',
  returned: '已退回待重新交办',
  assigned: '待签收',
  accepted: '办理中',
  feedback: '待复核',
  closed: '已销号',
  rejected: '不予受理',
  merged: '已并单',
} as const;
export type CaseState = keyof typeof CASE_STATES;
export const CASE_STATE_KEYS = Object.keys(CASE_STATES) as [CaseState, ...CaseState[]];

/** States in which nothing more happens to a case. */
export const FINAL_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];

/** The actions of the case loop, with their Chinese names. */
export const CASE_ACTIONS = {
  assign: '交办',
  accept: '签收',
  return: '退回',
  progress: '报告进展',
  feedback: '反馈结果',
  verify: '复核',
  reject: '不予受理',
  merge: '并单',
} as const;
export type CaseAction = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_KEYS = Object.keys(CASE_ACTIONS) as [CaseAction, ...CaseAction[]];
/** The actions that may carry photos (docs/photos.md): what a handler did on the spot, shown. */
export const PHOTO_ACTIONS: readonly CaseAction[] = ['progress', 'feedback'];

/** Steps the system records in a case's ledger (the overdue digest, functions/digests/): not staff actions. */
export const SYSTEM_ACTIONS = { urge: '催办', supervise: '督办' } as const;

/** The ledger's name for any recorded action: staff actions, system steps and `open` (登记). */
export function ledgerActionLabel(action: string): string {
  if (action === 'open') return '登记';
  return (
    (CASE_ACTIONS as Record<string, string>)[action] ?? (SYSTEM_ACTIONS as Record<string, string>)[action] ?? action
  );
}

/** Staff roles (the identity contract's `StaffRole`). */
export type StaffRole = 'office' | 'town' | 'department' | 'viewer' | 'grid';
export const STAFF_ROLES = {
  office: '区网格办',
  town: '镇（办事处）',
  department: '部门',
  viewer: '只读',
  grid: '网格巡查',
} as const satisfies Record<StaffRole, string>;

/**
 * Who acts on a case: the parts of a staff member (functions/staff/identity.ts
 * `StaffMember`) the rules need. Declared here so domain/ does not import functions/.
 */
export interface Actor {
  email: string;
  role: StaffRole;
  /** Town id for `town`, department id for `department`, null otherwise. */
  scope: string | null;
}

/** A handling unit: a town or a department, written `town:<id>` or `department:<id>`. */
export type Unit = `town:${string}` | `department:${string}`;

/** The unit a staff member works for, or null for the office and viewers. */
export function unitOf(actor: Actor): Unit | null {
  if (actor.role === 'town' && actor.scope) return `town:${actor.scope}`;
  if (actor.role === 'department' && actor.scope) return `department:${actor.scope}`;
  return null;
}

/** Splits a unit string; null when it is not one. */
export function parseUnit(s: string): { kind: 'town' | 'department'; id: string } | null {
  const m = /^(town|department):([a-z0-9][a-z0-9-]*)$/.exec(s);
  return m ? { kind: m[1] as 'town' | 'department', id: m[2]! } : null;
}
