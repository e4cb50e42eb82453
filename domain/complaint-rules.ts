/**
 * The complaint form's rules and messages: one table used by the API's zod
 * schema (domain/complaint.ts), the form page when it re-shows errors, and the
 * browser script that shows the same messages before sending. It has no zod
 * and no roster import so the browser bundle stays small; the places a
 * complaint may name come in through `PlaceLookup`.
 */
import { CATEGORIES, PLACE_TYPES } from './taxonomy.ts';
import { isContactPhone, PHONE_HINT_CONTACT } from './phone.ts';
import { isUuid } from './crypto.ts';
import { CHINA_OFFSET_ISO } from './time.ts';

/** Field names (the JSON names of the API), in the order the form shows them. */
export const FIELD_ORDER = [
  'category',
  'placeType',
  'townId',
  'villageId',
  'address',
  'description',
  'observedAt',
  'anonymous',
  'contactName',
  'contactPhone',
  'homepage',
  'idempotencyKey',
] as const;
export type ComplaintField = (typeof FIELD_ORDER)[number];

/** The Chinese name of each field, as the form labels it and as messages name it. */
export const FIELD_LABELS: Record<ComplaintField, string> = {
  category: '问题类型',
  placeType: '地点类型',
  townId: '镇（办事处）',
  villageId: '村（居）',
  address: '具体位置',
  description: '问题描述',
  observedAt: '发现时间',
  anonymous: '是否留下联系方式',
  contactName: '您的称呼',
  contactPhone: '联系电话',
  homepage: '请勿填写',
  idempotencyKey: '提交标识',
};

export const LIMITS = {
  addressMax: 200,
  descriptionMin: 10,
  descriptionMax: 2000,
  contactNameMax: 20,
  /** Clock difference tolerated before a time counts as "in the future". */
  futureLeewayMs: 5 * 60_000,
  /** How far back an observation may lie: older problems go to the 12369 hotline's records, not a new case. */
  observedMaxAgeDays: 366,
} as const;

/** The honeypot: a field people never see or fill; automated posters often do. */
export const HONEYPOT_FIELD = 'homepage';

/** Form field the Turnstile widget adds; JSON clients send the token under the same name. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';

/** One message for one field, the shape the API returns in `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/** Which towns and villages exist; the server reads the roster, the browser the form's own options. */
export interface PlaceLookup {
  hasTown(id: string): boolean;
  /** The town a village belongs to, or undefined for an unknown village. */
  townOfVillage(id: string): string | undefined;
}

/**
 * The raw values of one submission: strings from a form, or the JSON body's
 * values once their types were checked. Empty strings mean "not given".
 */
export interface RawComplaint {
  category?: string;
  placeType?: string;
  townId?: string;
  villageId?: string;
  address?: string;
  description?: string;
  observedAt?: string;
  anonymous?: boolean | string;
  contactName?: string;
  contactPhone?: string;
  homepage?: string;
  idempotencyKey?: string;
}

export interface CheckContext {
  places: PlaceLookup;
  now: Date;
  /** Check the honeypot too (the server does; the browser script must not help robots). */
  honeypot?: boolean;
}

const L = FIELD_LABELS;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Trimmed text, or '' when absent. */
export function clean(v: string | undefined): string {
  return (v ?? '').trim();
}

// Characters that change how text around them is displayed without being seen themselves:
// bidi embeddings, overrides and isolates (they can make `138…` read backwards) and the BOM.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;
// C0/C1 controls other than tab and line feed (NUL, backspace, escape, …).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Everything that starts a new line somewhere: CR, LF, VT, FF, NEL, U+2028/2029.
const LINE_BREAKS = /[\r\n\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * A single-line field's value as stored: line breaks and other separators,
 * tabs, control and bidi characters folded to one space each run, trimmed. A
 * name or an address can then never start a new line of its own in the
 * messages the office reads (a forged `联系电话：` line).
 */
export function singleLine(v: string | undefined): string {
  return (v ?? '')
    .replace(BIDI_CONTROLS, '')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, ' ')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Free text (the description) as stored: `\n` line ends, no control or bidi characters, trimmed. */
export function multiLine(v: string | undefined): string {
  return (v ?? '')
    .replace(/\r\n?|[\u000b\u000c\u0085\u2028\u2029]/g, '\n')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, '')
    .trim();
}

/** Length in characters as people count them (a Chinese character or an emoji is one). */
export function charCount(s: string): number {
  return [...s].length;
}

// Not seen on screen: spaces, controls, format characters (zero-width space and joiners), combining
// marks with nothing to combine with, and the blank "filler" letters some keyboards offer.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{M}\p{Co}\p{Cn}\u3164\u115f\u1160\uffa0\u2800]/gu;

/** How many characters of `s` can be seen (what a minimum length counts). */
export function visibleCount(s: string): number {
  return charCount(s.replace(INVISIBLE, ''));
}

/** True for an idempotency key the API accepts (a UUID, any case). */
export function isIdempotencyKey(v: unknown): v is string {
  return typeof v === 'string' && isUuid(v.trim());
}

/** Reads `anonymous` from JSON (true/false) or a form ("true"/"false"); undefined when not chosen. */
export function readAnonymous(v: boolean | string | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = clean(v).toLowerCase();
  if (s === 'true' || s === 'on' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return undefined;
}

/**
 * Parses an observation time: ISO 8601 date and time, `T` or a space between,
 * seconds optional; without an offset it is China time. Returns epoch ms, or
 * null when it is not a real date and time.
 */
export function parseObservedAt(s: string): number | null {
  const m = DATETIME.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec = '00', frac = '', zone] = m;
  const offset = zone === undefined ? CHINA_OFFSET_ISO : zone === 'Z' ? '+00:00' : zone;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  // A round trip through UTC rejects dates such as 02-30.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d))
    return null;
  const ms = (frac + '000').slice(0, 3);
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}.${ms}${offset}`);
  return Number.isNaN(t) ? null : t;
}

/** Own-key test that older phone browsers understand (no Object.hasOwn) and that ignores `toString` and friends. */
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

type Rule = (raw: RawComplaint, ctx: CheckContext) => string | undefined;

/** The rule for each field; each returns the message to show, or undefined when the value is fine. */
export const RULES: Record<ComplaintField, Rule> = {
  category(r) {
    const v = clean(r.category);
    if (!v) return `请选择「${L.category}」，如“扬尘”或“垃圾倾倒”`;
    if (!has(CATEGORIES, v)) return `「${L.category}」只能从列表中选一项，请重新选择`;
    return undefined;
  },
  placeType(r) {
    const v = clean(r.placeType);
    if (!v) return `请选择「${L.placeType}」，如“工地”或“街道”`;
    if (!has(PLACE_TYPES, v)) return `「${L.placeType}」只能从列表中选一项，请重新选择`;
    return undefined;
  },
  townId(r, { places }) {
    const v = clean(r.townId);
    if (!v) return `请选择问题所在的「${L.townId}」`;
    if (!places.hasTown(v)) return `「${L.townId}」不在列表中，请从列表中选择`;
    return undefined;
  },
  villageId(r, { places }) {
    const v = clean(r.villageId);
    if (!v) return undefined;
    const town = places.townOfVillage(v);
    if (town === undefined) return `「${L.villageId}」不在列表中，请重新选择，或选“不清楚”`;
    const t = clean(r.townId);
    if (t && places.hasTown(t) && town !== t)
      return `所选「${L.villageId}」不属于所选的${L.townId}，请重新选择村（居），或选“不清楚”`;
    return undefined;
  },
  address(r) {
    const n = charCount(singleLine(r.address));
    if (n > LIMITS.addressMax) return `「${L.address}」不能超过 ${LIMITS.addressMax} 个字（现在 ${n} 个字），请精简`;
    return undefined;
  },
  description(r) {
    const v = multiLine(r.description);
    const n = charCount(v);
    const seen = visibleCount(v);
    if (seen === 0)
      return `请填写「${L.description}」：写明看到了什么、在哪里、持续多久，至少 ${LIMITS.descriptionMin} 个字`;
    if (seen < LIMITS.descriptionMin)
      return `「${L.description}」至少要写 ${LIMITS.descriptionMin} 个字（现在 ${seen} 个字），请补充看到了什么、在哪里`;
    if (n > LIMITS.descriptionMax)
      return `「${L.description}」不能超过 ${LIMITS.descriptionMax} 个字（现在 ${n} 个字），请精简`;
    return undefined;
  },
  observedAt(r, { now }) {
    const v = clean(r.observedAt);
    if (!v) return undefined;
    const t = parseObservedAt(v);
    if (t === null) return `「${L.observedAt}」格式不对，请写成 2026-11-20 14:30 的形式，或者不填`;
    if (t > now.getTime() + LIMITS.futureLeewayMs) return `「${L.observedAt}」不能晚于现在，请检查日期和时间`;
    if (t < now.getTime() - LIMITS.observedMaxAgeDays * 86_400_000)
      return `「${L.observedAt}」不能早于一年前，请检查年份；更早的情况请拨打 12369 环保热线反映`;
    return undefined;
  },
  anonymous(r) {
    if (readAnonymous(r.anonymous) === undefined) return `请选择${L.anonymous}：选“留下联系方式”，或选“匿名反映”`;
    return undefined;
  },
  contactName(r) {
    if (readAnonymous(r.anonymous) !== false) return undefined;
    const n = charCount(singleLine(r.contactName));
    if (n === 0) return `请填写「${L.contactName}」，如“王先生”；不想留联系方式请选“匿名反映”`;
    if (n > LIMITS.contactNameMax) return `「${L.contactName}」不能超过 ${LIMITS.contactNameMax} 个字，请精简`;
    return undefined;
  },
  contactPhone(r) {
    if (readAnonymous(r.anonymous) !== false) return undefined;
    const v = singleLine(r.contactPhone);
    if (!v) return `请填写「${L.contactPhone}」，如 13812345678；不想留联系方式请选“匿名反映”`;
    if (!isContactPhone(v)) return `「${L.contactPhone}」格式不对，${PHONE_HINT_CONTACT}`;
    return undefined;
  },
  homepage(r, { honeypot }) {
    if (!honeypot || !clean(r.homepage)) return undefined;
    return '表单中一个不应填写的隐藏栏被填上了（可能是浏览器自动填充）。我们已把它清空，请再点一次“提交”';
  },
  idempotencyKey(r) {
    const v = clean(r.idempotencyKey);
    if (v && !isIdempotencyKey(v))
      return `「${L.idempotencyKey}」idempotencyKey 应是 UUID（如 0b7c3a52-9f1e-4c1a-8d2e-5b6f7a8c9d0e），或者不传`;
    return undefined;
  },
};

/** Checks a whole submission; returns one message per field with a problem, in form order. */
export function checkComplaint(raw: RawComplaint, ctx: CheckContext): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of FIELD_ORDER) {
    const message = RULES[field](raw, ctx);
    if (message) errors.push({ field, message });
  }
  return errors;
}
