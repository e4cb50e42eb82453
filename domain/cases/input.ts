/**
 * Validation of a case action request (`POST /api/staff/cases/{code}/actions`
 * and the console's forms): the same checks and Chinese messages for both.
 * A form sends strings (and repeated fields for lists); JSON sends strings,
 * booleans and arrays; both are accepted.
 */
import { z } from 'zod';
import { charCount, multiLine, readAnonymous, type FieldError } from '../complaint-rules.ts';
import { normalizeTrackingCode, CODE_EXAMPLE } from '../tracking-code.ts';
import { CASE_ACTION_KEYS, CASE_ACTIONS, parseUnit, type CaseAction, type Unit } from './model.ts';

export const NOTE_LIMITS = { internal: 2000, public: 500, reason: 500, redirectTo: 200 } as const;

/** Field names of the action request and how messages name them. */
export const ACTION_FIELD_LABELS = {
  action: '办理操作',
  internalNote: '内部备注',
  publicNote: '公开说明',
  lead: '牵头承办单位',
  coHandlers: '协办单位',
  rectifyBy: '整改期限',
  jointDate: '联合执法日期',
  shareContact: '向承办单位提供投诉人联系方式',
  outcome: '复核结论',
  reason: '不予受理的原因',
  redirectTo: '应向何处反映',
  into: '并入案件的查询编号',
  photos: '照片',
} as const;
export type ActionField = keyof typeof ACTION_FIELD_LABELS;

/** What the internal note is called for the actions that require one. */
export const REQUIRED_NOTE: Partial<Record<CaseAction, string>> = {
  return: '退回理由',
  progress: '进展情况',
  feedback: '处理结果',
};

/** A validated action request. */
export type ActionInput = {
  internalNote: string | null;
  publicNote: string | null;
} & (
  | {
      action: 'assign';
      lead: Unit;
      coHandlers: Unit[];
      rectifyBy: string;
      /** Null when only one unit handles the case. */
      jointDate: string | null;
      shareContact: boolean;
    }
  | { action: 'accept' | 'return' | 'progress' | 'feedback' }
  | { action: 'verify'; passed: boolean }
  | { action: 'reject'; reason: string; redirectTo: string }
  | { action: 'merge'; into: string }
);

/** What validation needs from outside: today's Beijing date, the roster's units, the default joint date. */
export interface ActionContext {
  today: string;
  unitName(unit: Unit): string | undefined;
  /** The next working day after today (throws beyond the official calendar). */
  nextWorkingDay(): string;
}

const L = ACTION_FIELD_LABELS;
const str = (field: ActionField) => z.string({ error: `「${L[field]}」应填写文字（${field} 应是字符串）` }).optional();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const rawSchema = z.object(
  {
    action: str('action'),
    internalNote: str('internalNote'),
    publicNote: str('publicNote'),
    lead: str('lead'),
    coHandlers: z
      .union([z.string(), z.array(z.string())], {
        error: `「${L.coHandlers}」应是单位列表，如 ["department:sthj"]`,
      })
      .optional(),
    rectifyBy: str('rectifyBy'),
    jointDate: str('jointDate'),
    shareContact: z.union([z.boolean(), z.string()], { error: `「${L.shareContact}」应是 true 或 false` }).optional(),
    outcome: str('outcome'),
    reason: str('reason'),
    redirectTo: str('redirectTo'),
    into: str('into'),
  },
  { error: '请求内容应是一个 JSON 对象，如 {"action":"accept"}，字段见 docs/case-desk.md' },
);

/** How far ahead a deadline may be set: beyond it a date is a typing mistake, not a plan. */
export const MAX_DEADLINE_YEARS = 1;

const isRealDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export type ActionParse = { ok: true; value: ActionInput } | { ok: false; errors: FieldError[] };

/** Drops JSON nulls so they read as "not given". */
const withoutNulls = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/** Validates an action request; every problem is reported with its field and a Chinese message. */
export function parseAction(body: unknown, ctx: ActionContext): ActionParse {
  const shaped = rawSchema.safeParse(
    body && typeof body === 'object' && !Array.isArray(body) ? withoutNulls(body) : body,
  );
  if (!shaped.success) {
    return {
      ok: false,
      errors: shaped.error.issues.map((i) => ({
        field: i.path.length ? String(i.path[0]) : 'body',
        message: i.message,
      })),
    };
  }
  const r = shaped.data;
  const errors: FieldError[] = [];
  const fail = (field: ActionField, message: string) => errors.push({ field, message });
  const text = (v: string | undefined) => (v ?? '').trim().toWellFormed();

  const action = text(r.action) as CaseAction;
  if (!CASE_ACTION_KEYS.includes(action)) {
    fail('action', `请选择办理操作：${CASE_ACTION_KEYS.map((a) => `${a}（${CASE_ACTIONS[a]}）`).join('、')}`);
    return { ok: false, errors };
  }
  // Notes are free text like a complaint's description: line ends kept, control and bidi characters gone.
  const internalNote = multiLine(r.internalNote) || null;
  const publicNote = multiLine(r.publicNote) || null;
  const required = REQUIRED_NOTE[action];
  if (required && !internalNote) fail('internalNote', `请填写${required}`);
  if (internalNote && charCount(internalNote) > NOTE_LIMITS.internal)
    fail('internalNote', `${required ?? L.internalNote}最多 ${NOTE_LIMITS.internal} 字`);
  if (publicNote && charCount(publicNote) > NOTE_LIMITS.public)
    fail('publicNote', `公开说明最多 ${NOTE_LIMITS.public} 字（群众在查询页上能看到，请勿写入投诉人信息）`);
  const base = { internalNote, publicNote };

  const date = (field: 'rectifyBy' | 'jointDate', v: string, label: string): string | null => {
    if (!isRealDate(v)) {
      fail(field, `${label}应是日期，写成 YYYY-MM-DD，如 ${ctx.today}`);
      return null;
    }
    if (v < ctx.today) {
      fail(field, `${label}不能早于今天（${ctx.today}）`);
      return null;
    }
    const latest = `${Number(ctx.today.slice(0, 4)) + MAX_DEADLINE_YEARS}${ctx.today.slice(4)}`;
    if (v > latest) {
      fail(field, `${label}最远可定在 ${MAX_DEADLINE_YEARS} 年后（${latest}）`);
      return null;
    }
    return v;
  };

  switch (action) {
    case 'assign': {
      const unit = (v: string, field: 'lead' | 'coHandlers'): Unit | null => {
        const u = parseUnit(v);
        if (u && ctx.unitName(v as Unit)) return v as Unit;
        fail(field, `「${v}」不是名单中的镇（办事处）或部门，请从列表中选择`);
        return null;
      };
      const leadText = text(r.lead);
      const lead = leadText ? unit(leadText, 'lead') : (fail('lead', '请选择牵头承办单位（一个镇或一个部门）'), null);
      const list = (Array.isArray(r.coHandlers) ? r.coHandlers : r.coHandlers ? [r.coHandlers] : [])
        .map(text)
        .filter(Boolean);
      const coHandlers: Unit[] = [];
      for (const v of list) {
        const u = unit(v, 'coHandlers');
        if (!u) continue;
        if (u === lead) fail('coHandlers', '牵头承办单位不必再选为协办单位');
        else if (!coHandlers.includes(u)) coHandlers.push(u);
      }
      const by = text(r.rectifyBy);
      const rectifyBy = by
        ? date('rectifyBy', by, '整改期限')
        : (fail('rectifyBy', `请填写整改期限，如 ${ctx.today}`), null);
      const joint = text(r.jointDate);
      let jointDate: string | null = null;
      if (coHandlers.length > 0) {
        if (joint) jointDate = date('jointDate', joint, '联合执法日期');
        else {
          try {
            jointDate = ctx.nextWorkingDay();
          } catch {
            fail('jointDate', '工作日日历还没有覆盖下一个工作日，请直接填写联合执法日期（YYYY-MM-DD）');
          }
        }
      } else if (joint) fail('jointDate', '只有一个承办单位时不安排联合执法；需要联合执法请先选择协办单位');
      const share = typeof r.shareContact === 'boolean' ? r.shareContact : readAnonymous(r.shareContact);
      if (errors.length || !lead || !rectifyBy) return { ok: false, errors };
      return {
        ok: true,
        value: { ...base, action, lead, coHandlers, rectifyBy, jointDate, shareContact: share === true },
      };
    }
    case 'verify': {
      const outcome = text(r.outcome);
      if (outcome !== 'pass' && outcome !== 'fail')
        fail('outcome', '请选择复核结论：pass（通过，销号）或 fail（未通过，退回承办单位）');
      else if (outcome === 'fail' && !internalNote) fail('internalNote', '复核未通过时请填写未通过的原因');
      if (errors.length) return { ok: false, errors };
      return { ok: true, value: { ...base, action, passed: outcome === 'pass' } };
    }
    case 'reject': {
      const reason = text(r.reason);
      const redirectTo = text(r.redirectTo);
      if (!reason) fail('reason', '请填写不予受理的原因（群众能看到）');
      else if (charCount(reason) > NOTE_LIMITS.reason) fail('reason', `不予受理的原因最多 ${NOTE_LIMITS.reason} 字`);
      if (!redirectTo) fail('redirectTo', '请填写群众应向何处反映，如 12345 政务服务便民热线');
      else if (charCount(redirectTo) > NOTE_LIMITS.redirectTo)
        fail('redirectTo', `应向何处反映最多 ${NOTE_LIMITS.redirectTo} 字`);
      if (errors.length) return { ok: false, errors };
      return { ok: true, value: { ...base, action, reason, redirectTo } };
    }
    case 'merge': {
      const typed = text(r.into);
      const into = typed ? normalizeTrackingCode(typed) : null;
      if (!typed) fail('into', `请填写要并入的案件的查询编号，如 ${CODE_EXAMPLE}`);
      else if (!into) fail('into', `查询编号应是 12 位字母和数字，如 ${CODE_EXAMPLE}`);
      if (errors.length || !into) return { ok: false, errors };
      return { ok: true, value: { ...base, action, into } };
    }
    default:
      if (errors.length) return { ok: false, errors };
      return { ok: true, value: { ...base, action } };
  }
}
