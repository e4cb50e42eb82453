/**
 * The complaint input schema (zod) shared by the API and the form page, plus
 * the complaint's public vocabulary: statuses, form-level messages and the
 * retention periods the privacy notice states and the purge job applies.
 * Field rules and their messages live in complaint-rules.ts so the browser
 * can run them without zod; this schema checks the JSON types and then runs
 * exactly those rules.
 */
import { z } from 'zod';
import type { Category, PlaceType } from './taxonomy.ts';
import type { RosterIndex } from './roster/query.ts';
import { PHOTO_FORM_MAX_BYTES, PHOTO_MAX_BYTES, PHOTO_MAX_COUNT } from './photos.ts';
import {
  checkComplaint,
  clean,
  FIELD_LABELS,
  multiLine,
  singleLine,
  parseObservedAt,
  readAnonymous,
  type FieldError,
  type PlaceLookup,
  type RawComplaint,
} from './complaint-rules.ts';

export * from './complaint-rules.ts';

/** Largest request body the API reads (the 413 limit). */
export const MAX_BODY_BYTES = 64 * 1024;

/** A submission after validation: trimmed, optional values null, contact details dropped when anonymous. */
export interface ComplaintInput {
  category: Category;
  placeType: PlaceType;
  townId: string;
  villageId: string | null;
  address: string | null;
  description: string;
  /** ISO 8601 UTC. */
  observedAt: string | null;
  anonymous: boolean;
  contactName: string | null;
  contactPhone: string | null;
  /** Lower-case UUID. */
  idempotencyKey: string | null;
}

// A JSON string may hold lone surrogates (`"\ud800"`), which are not Unicode text: D1 would store
// them as invalid UTF-8 and read them back as three U+FFFD each. They become one U+FFFD here, as
// invalid UTF-8 bytes in a body already do when it is decoded, so rules see what will be stored.
const text = (field: keyof typeof FIELD_LABELS) =>
  z
    .string({ error: `「${FIELD_LABELS[field]}」应填写文字（${field} 应是字符串）` })
    .transform((s) => s.toWellFormed())
    .nullish();

function toInput(r: RawComplaint): ComplaintInput {
  const anonymous = readAnonymous(r.anonymous) === true;
  const opt = (v: string | undefined) => clean(v) || null;
  const observed = opt(r.observedAt);
  return {
    category: clean(r.category) as Category,
    placeType: clean(r.placeType) as PlaceType,
    townId: clean(r.townId),
    villageId: opt(r.villageId),
    address: singleLine(r.address) || null,
    description: multiLine(r.description),
    observedAt: observed ? new Date(parseObservedAt(observed)!).toISOString() : null,
    anonymous,
    // Never keep contact details someone typed and then chose to stay anonymous.
    contactName: anonymous ? null : singleLine(r.contactName) || null,
    contactPhone: anonymous ? null : singleLine(r.contactPhone) || null,
    idempotencyKey: opt(r.idempotencyKey)?.toLowerCase() ?? null,
  };
}

/** Drops JSON nulls so the rules see "not given". */
function withoutNulls<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * The zod schema for one submission (JSON body or form fields). `places`
 * checks town and village against the roster; `now` bounds the observation
 * time. Unknown keys are ignored.
 */
export function complaintSchema(places: PlaceLookup, now: () => Date = () => new Date()) {
  return z
    .object(
      {
        category: text('category'),
        placeType: text('placeType'),
        townId: text('townId'),
        villageId: text('villageId'),
        address: text('address'),
        description: text('description'),
        observedAt: text('observedAt'),
        anonymous: z
          .union([z.boolean(), z.string()], {
            error: `「${FIELD_LABELS.anonymous}」anonymous 应是 true（匿名）或 false（留下联系方式）`,
          })
          .nullish(),
        contactName: text('contactName'),
        contactPhone: text('contactPhone'),
        homepage: text('homepage'),
        idempotencyKey: text('idempotencyKey'),
      },
      { error: '请求内容应是一个 JSON 对象，如 {"category":"dust", …}，字段见接口说明' },
    )
    .transform(withoutNulls)
    .superRefine((raw, ctx) => {
      for (const e of checkComplaint(raw, { places, now: now(), honeypot: true }))
        ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
    })
    .transform(toInput);
}

/**
 * A fingerprint of what a submission says, to tell a retry (same payload,
 * same key) from a different complaint sent under a used key. Built from the
 * same normalisations the schema stores, so whitespace or a form's "true" vs
 * JSON's true do not count as a difference; the key and the honeypot are left out.
 */
export function payloadFingerprint(raw: unknown): string {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
  const anonymous = readAnonymous(typeof r.anonymous === 'boolean' ? r.anonymous : str(r.anonymous));
  return JSON.stringify([
    clean(str(r.category)),
    clean(str(r.placeType)),
    clean(str(r.townId)),
    clean(str(r.villageId)),
    singleLine(str(r.address)),
    multiLine(str(r.description)),
    clean(str(r.observedAt)),
    anonymous ?? null,
    anonymous === true ? '' : singleLine(str(r.contactName)),
    anonymous === true ? '' : singleLine(str(r.contactPhone)),
  ]);
}

/** zod issues → the project's `{field, message}` list (the body itself is field "body"). */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((iss) => ({
    field: iss.path.length > 0 ? String(iss.path[0]) : 'body',
    message: iss.message,
  }));
}

export type ParseResult = { ok: true; value: ComplaintInput } | { ok: false; errors: FieldError[] };

/** Validates one submission with the complaint schema; the one entry point for API and page. */
export function parseComplaint(input: unknown, places: PlaceLookup, now: () => Date = () => new Date()): ParseResult {
  const r = complaintSchema(places, now).safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: toFieldErrors(r.error) };
}

/** The roster as a PlaceLookup (server side). */
export function placesFromRoster(index: RosterIndex): PlaceLookup {
  return {
    hasTown: (id) => index.town(id) !== undefined,
    townOfVillage: (id) => index.village(id)?.town,
  };
}

/** The steps of a complaint's handling, as the public timeline names them (the case desk's steps: domain/cases/machine.ts). */
export const COMPLAINT_STATUSES = {
  received: '已收到',
  forwarded: '已转交区网格办',
  assigned: '已交办',
  accepted: '已签收',
  progress: '办理进展',
  feedback: '已反馈处理结果',
  rectified: '已整改',
  verified: '已复核',
  verify_failed: '复核未通过',
  rejected: '不予受理',
  merged: '已并单',
  closed: '已办结',
} as const;
export type ComplaintStatus = keyof typeof COMPLAINT_STATUSES;

/** The chinese label of a status, or the key itself for a status this build does not know yet. */
export function statusLabel(status: string): string {
  return (COMPLAINT_STATUSES as Record<string, string>)[status] ?? status;
}

/** Public note on the first timeline entry. */
export const RECEIVED_NOTE = '投诉已保存。区网格办每天汇总分析，当天交办给责任部门或网格。';

/**
 * Problems with a whole submission rather than one field. The API passes the
 * code to the form page, which shows the message above the form.
 */
export type FormErrorCode =
  | 'cross_site'
  | 'unsupported_type'
  | 'too_large'
  | 'photos_too_large'
  | 'key_reused'
  | 'rate_limited'
  | 'busy'
  | 'unavailable'
  | 'turnstile'
  | 'turnstile_unavailable';

/** The message for a form-level problem. `windowMinutes` is the rate-limit window. */
export function formErrorMessage(code: FormErrorCode, windowMinutes = 10): string {
  switch (code) {
    case 'cross_site':
      return '请在本站的投诉举报页面填写提交';
    case 'unsupported_type':
      return '不支持这种提交格式：请用 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交';
    case 'key_reused':
      return '这份表单已经提交过一次，内容和第一次不同，所以没有保存。如要反映新的问题，请核对下面的内容后再点“提交”';
    case 'busy':
      return '现在提交的投诉特别多，系统暂停受理几分钟，您填写的内容都还在。请过几分钟再点“提交”，或拨打 12369 环保热线';
    case 'too_large':
      return `提交的内容太多（超过 ${MAX_BODY_BYTES / 1024} KB）。请把「问题描述」控制在 2000 字以内后重新填写提交`;
    case 'photos_too_large':
      return `提交的内容太多（超过 ${Math.floor(PHOTO_FORM_MAX_BYTES / 1024 / 1024)} MB）。最多附 ${PHOTO_MAX_COUNT} 张照片，每张不超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB，请去掉或换小一些的照片后重新提交`;
    case 'rate_limited':
      return `短时间内从您的网络提交的投诉太多了。请过 ${windowMinutes} 分钟后再提交；情况紧急请拨打 12369 环保热线`;
    case 'unavailable':
      return '系统暂时无法保存您的投诉，您填写的内容都还在。请过几分钟再点“提交”，或拨打 12369 环保热线';
    case 'turnstile':
      return '请先完成页面上的人机验证（点选“确认您是真人”），再点“提交”';
    case 'turnstile_unavailable':
      return '人机验证服务暂时连不上，您的投诉还没有保存。请过几分钟再点“提交”，或拨打 12369 环保热线';
  }
}

/**
 * How long private data is kept: stated once here for the privacy notice and
 * applied by the purge job (functions/complaints/retention.ts).
 */
export const RETENTION = {
  /** Name and phone are deleted this many months after the case is closed. */
  contactMonthsAfterClose: 6,
  /** Description and exact location are deleted this many years after closing (the ledgers keep type and place). */
  detailYearsAfterClose: 3,
  /** The salted hash of the sender's IP address is deleted after this many days. */
  ipHashDays: 30,
} as const;
