/**
 * One patrol as a grid member submits it (issue 14), from the phone's JSON or the page's form:
 * the village and day, the places checked (八查) and the findings (七看), each rectified on the
 * spot with a note or opening a case. Pure: the API, the page and the tests validate through
 * `parsePatrol`, so each rule lives here once. A finding that opens a case is further checked by
 * the complaint schema when the case is stored (the same rules as every case).
 */
import { z } from 'zod';
import { CATEGORIES, PLACE_TYPES, type Category, type PlaceType } from './taxonomy.ts';
import { isIdempotencyKey, multiLine, singleLine, visibleCount, LIMITS, type FieldError } from './complaint-rules.ts';

/** The plan's 八查: the eight kinds of place a patrol checks (the taxonomy's place types but 'other'). */
export const PATROL_PLACES = Object.keys(PLACE_TYPES).filter((k) => k !== 'other') as Exclude<PlaceType, 'other'>[];
/** The plan's 七看: the seven problem types a patrol looks for (the taxonomy's categories but noise, other). */
export const PATROL_PROBLEMS = Object.keys(CATEGORIES).filter((k) => k !== 'noise' && k !== 'other') as Category[];

export const PATROL_LIMITS = {
  /** Findings per patrol (the form shows this many slots). */
  findingsMax: 5,
  /** A patrol kept on a phone offline may be sent this many days after the patrol day. */
  lateDays: 7,
  noteMax: 500,
  rectifyNoteMax: 500,
} as const;

/** What a finding led to: 当场整改 (rectified on the spot) or a case for the office (转为案件). */
export const FINDING_OUTCOMES = { rectified: '当场整改', case: '转为案件（网格巡查）' } as const;
export type FindingOutcome = keyof typeof FINDING_OUTCOMES;

export interface PatrolFinding {
  category: Category;
  placeType: PlaceType;
  address: string | null;
  description: string;
  outcome: FindingOutcome;
  rectifyNote: string | null;
}

/** A validated patrol. */
export interface PatrolInput {
  idempotencyKey: string;
  villageId: string;
  /** The patrol day, `YYYY-MM-DD`, Beijing date. */
  date: string;
  checked: Exclude<PlaceType, 'other'>[];
  findings: PatrolFinding[];
  note: string | null;
  /** When the phone saved it, ISO 8601 UTC, if it says. */
  recordedAt: string | null;
}

export interface PatrolContext {
  /** The villages the caller may patrol (their grid scope). */
  villages: readonly string[];
  /** Today in China, `YYYY-MM-DD`. */
  today: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

const body = z.record(z.string(), z.unknown(), { error: '请求内容应是一个 JSON 对象，字段见 docs/patrols.md' });

/** Reads one finding's fields; `at` is its position, used in error field names (`findings.0.description`). */
function parseFinding(raw: unknown, at: number, errors: FieldError[]): PatrolFinding | null {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const f = (name: string) => `findings.${at}.${name}`;
  const n = at + 1;
  const before = errors.length;
  const category = str(r.category).trim();
  const placeType = str(r.placeType).trim();
  const outcome = str(r.outcome).trim();
  const description = multiLine(str(r.description));
  const rectifyNote = multiLine(str(r.rectifyNote));
  const address = singleLine(str(r.address));
  if (!(PATROL_PROBLEMS as string[]).includes(category)) {
    errors.push({ field: f('category'), message: `第 ${n} 个问题：请选择问题类型（七看之一，如扬尘）` });
  }
  if (!(placeType in PLACE_TYPES)) {
    errors.push({ field: f('placeType'), message: `第 ${n} 个问题：请选择发现问题的地点类型（如工地）` });
  }
  if (visibleCount(description) < 2 || [...description].length > LIMITS.descriptionMax) {
    errors.push({
      field: f('description'),
      message: `第 ${n} 个问题：请写明看到的情况（2–${LIMITS.descriptionMax} 个字）`,
    });
  }
  if ([...address].length > LIMITS.addressMax) {
    errors.push({ field: f('address'), message: `第 ${n} 个问题：地址最多 ${LIMITS.addressMax} 个字` });
  }
  if (outcome !== 'rectified' && outcome !== 'case') {
    errors.push({ field: f('outcome'), message: `第 ${n} 个问题：请选择「当场整改」或「转为案件」` });
  } else if (
    outcome === 'rectified' &&
    (visibleCount(rectifyNote) < 2 || [...rectifyNote].length > PATROL_LIMITS.rectifyNoteMax)
  ) {
    errors.push({
      field: f('rectifyNote'),
      message: `第 ${n} 个问题：当场整改的，请写明整改情况（2–${PATROL_LIMITS.rectifyNoteMax} 个字）`,
    });
  }
  if (errors.length > before) return null;
  return {
    category: category as Category,
    placeType: placeType as PlaceType,
    address: address || null,
    description,
    outcome: outcome as FindingOutcome,
    rectifyNote: outcome === 'rectified' ? rectifyNote : null,
  };
}

/** Whether a finding slot of the form was left empty (the page shows empty slots; they are not findings). */
export function isEmptyFinding(raw: unknown): boolean {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return ['category', 'placeType', 'description', 'rectifyNote', 'address'].every((k) => !str(r[k]).trim());
}

export type PatrolParse = { ok: true; value: PatrolInput } | { ok: false; errors: FieldError[] };

/**
 * Validates a patrol. Nothing found is valid (no findings). Errors name the field
 * (`villageId`, `date`, `checked`, `findings.<i>.<field>`) in Chinese.
 */
export function parsePatrol(input: unknown, ctx: PatrolContext): PatrolParse {
  const parsed = body.safeParse(input);
  if (!parsed.success) return { ok: false, errors: [{ field: 'body', message: parsed.error.issues[0]!.message }] };
  const r = parsed.data;
  const errors: FieldError[] = [];
  const key = str(r.idempotencyKey).trim().toLowerCase();
  if (!isIdempotencyKey(key)) {
    errors.push({
      field: 'idempotencyKey',
      message: '缺少巡查记录编号（idempotencyKey，应是 UUID）；请刷新页面后重新填写',
    });
  }
  const villageId = str(r.villageId).trim();
  if (!ctx.villages.includes(villageId)) {
    errors.push({
      field: 'villageId',
      message: ctx.villages.length ? '请选择你负责巡查的村（居）' : '名录中没有你负责巡查的村（居），请联系区网格办',
    });
  }
  const date = str(r.date).trim();
  const late = dayNumber(ctx.today) - dayNumber(date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(late)) {
    errors.push({ field: 'date', message: '请填写巡查日期，如 2026-12-02' });
  } else if (late < 0) {
    errors.push({ field: 'date', message: `巡查日期不能晚于今天（${ctx.today}）` });
  } else if (late > PATROL_LIMITS.lateDays) {
    errors.push({ field: 'date', message: `只能补报 ${PATROL_LIMITS.lateDays} 天内的巡查；更早的请联系区网格办` });
  }
  const checkedRaw = list(r.checked).map(str);
  const unknown = checkedRaw.filter((c) => !(PATROL_PLACES as string[]).includes(c));
  if (unknown.length) errors.push({ field: 'checked', message: `不认识的巡查部位：${unknown.join('、')}` });
  const findingsRaw = list(r.findings).filter((f) => !isEmptyFinding(f));
  if (findingsRaw.length > PATROL_LIMITS.findingsMax) {
    errors.push({
      field: 'findings',
      message: `一次巡查最多记录 ${PATROL_LIMITS.findingsMax} 个问题，其余的请另记一次`,
    });
  }
  const findings = findingsRaw.slice(0, PATROL_LIMITS.findingsMax).map((f, i) => parseFinding(f, i, errors));
  if (!checkedRaw.length && !findingsRaw.length) {
    errors.push({ field: 'checked', message: '请勾选这次巡查查看的部位（八查），或记录发现的问题' });
  }
  const note = multiLine(str(r.note));
  if ([...note].length > PATROL_LIMITS.noteMax) {
    errors.push({ field: 'note', message: `备注最多 ${PATROL_LIMITS.noteMax} 个字` });
  }
  const recorded = str(r.recordedAt).trim();
  const recordedAt = recorded && !Number.isNaN(Date.parse(recorded)) ? new Date(recorded).toISOString() : null;
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      idempotencyKey: key,
      villageId,
      date,
      checked: PATROL_PLACES.filter((p) => checkedRaw.includes(p)),
      findings: findings as PatrolFinding[],
      note: note || null,
      recordedAt,
    },
  };
}

/** What a patrol says, to tell a resend (same key, same content) from other content under a used key. */
export function patrolFingerprint(p: PatrolInput): string {
  return JSON.stringify([p.villageId, p.date, p.checked, p.findings, p.note]);
}

/** How many finding slots the patrol page shows (the API takes up to `PATROL_LIMITS.findingsMax`). */
export const FORM_FINDING_SLOTS = 3;

/**
 * A patrol page's form fields (`checked` repeated, `findings.<i>.<field>`) as the API's JSON body,
 * so the page without JavaScript and the phone's script (which sends the same JSON it kept
 * offline) submit one shape.
 */
export function patrolFromForm(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const checked: string[] = [];
  const findings: Record<string, string>[] = [];
  for (const [key, value] of entries) {
    if (typeof value !== 'string') continue;
    const slot = /^findings\.(\d)\.([a-zA-Z]+)$/.exec(key);
    if (slot) {
      const i = Number(slot[1]);
      if (i >= PATROL_LIMITS.findingsMax) continue;
      (findings[i] ??= {})[slot[2]!] = value;
    } else if (key === 'checked') checked.push(value);
    else if (!(key in out)) out[key] = value;
  }
  out.checked = checked;
  out.findings = findings.filter(Boolean);
  return out;
}
