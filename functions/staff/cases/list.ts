/**
 * The queue: the cases a staff member may see (domain/cases/machine.ts
 * `visibilityOf`), filtered, overdue first; and the office overview's counts.
 */
import { z } from 'zod';
import { rosterIndex, rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { normalizeTrackingCode } from '../../../domain/tracking-code.ts';
import { CATEGORY_KEYS } from '../../../domain/taxonomy.ts';
import { todayInChina } from '../../../domain/workdays.ts';
import { visibilityOf } from '../../../domain/cases/machine.ts';
import { runningClocks, isOverdue, type Clock } from '../../../domain/cases/clocks.ts';
import {
  CASE_SOURCES,
  CASE_STATE_KEYS,
  FINAL_STATES,
  type Actor,
  type CaseState,
} from '../../../domain/cases/model.ts';
import type { FieldError } from '../../../domain/complaint-rules.ts';
import { CASE_COLUMNS, CASE_FROM, caseSummary, clockInputOf, type CaseRow } from './record.ts';
import { duplicateCounts } from './duplicates.ts';

/** Most cases one queue read returns (newest first before sorting). */
export const QUEUE_LIMIT = 500;

const opt = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

/** The queue's query parameters (`GET /api/staff/cases?…` and the queue page's filter form). */
export const queueFilterSchema = z.object({
  status: opt(z.enum(CASE_STATE_KEYS, { error: `status 应是 ${CASE_STATE_KEYS.join('、')} 之一` })),
  town: opt(z.string().refine((t) => rosterIndex.town(t) !== undefined, '请从列表中选择镇（办事处）')),
  department: opt(z.string().refine((d) => rosterIndex.department(d) !== undefined, '请从列表中选择部门')),
  category: opt(z.enum(CATEGORY_KEYS, { error: '请从列表中选择问题类型' })),
  source: opt(z.enum(Object.keys(CASE_SOURCES) as [keyof typeof CASE_SOURCES], { error: '请从列表中选择案件来源' })),
  from: opt(z.iso.date({ error: '开始日期写成 YYYY-MM-DD 并确保是真实日期，如 2026-11-20' })),
  to: opt(z.iso.date({ error: '结束日期写成 YYYY-MM-DD 并确保是真实日期，如 2026-11-30' })),
  q: opt(z.string().trim().max(50, '搜索词最多 50 字')),
  overdue: opt(z.enum(['1', 'true', 'on', '0', 'false'], { error: 'overdue 应是 1（只看超时）或 0' })),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

/** Validates query parameters; `{field, message}` errors otherwise. */
export function parseQueueFilter(
  params: Record<string, string>,
): { ok: true; value: QueueFilter } | { ok: false; errors: FieldError[] } {
  const r = queueFilterSchema.safeParse(params);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message })),
  };
}

/** A Beijing calendar date's start as a UTC ISO instant (`days` later for an end bound). */
const chinaDayStart = (date: string, days = 0) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + days * 86_400_000).toISOString();

export interface QueueEntry extends ReturnType<typeof caseSummary> {
  clocks: Clock[];
  overdue: boolean;
  /** Likely duplicates (并单 suggestions) of an open case; counted for the office and viewers only. */
  duplicates: number;
}

/**
 * The cases `actor` may see that match `f`, overdue first, then open before finished, newest first.
 * With `duplicateWindowDays`, the office's and viewers' open cases carry their count of likely duplicates.
 */
export async function listCases(
  db: D1Database,
  actor: Actor,
  f: QueueFilter,
  now: Date,
  cutoff: string,
  duplicateWindowDays?: number,
): Promise<QueueEntry[]> {
  const v = visibilityOf(actor);
  const q = f.q?.trim() ?? '';
  const code = q ? normalizeTrackingCode(q) : null;
  // Village search by name or id against the roster (pinyin ids and Chinese names both work).
  const villages =
    q && !code ? rosterIndex.roster.villages.filter((x) => x.name.includes(q) || x.id === q).map((x) => x.id) : [];
  const rows = await db
    .prepare(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM}
       WHERE (?1 = 1 OR c.town_id = ?2 OR k.lead = ?3 OR EXISTS (SELECT 1 FROM json_each(k.co_handlers) WHERE value = ?3))
         AND (?4 IS NULL OR k.state = ?4)
         AND (?5 IS NULL OR c.town_id = ?5)
         AND (?6 IS NULL OR k.lead = ?6 OR EXISTS (SELECT 1 FROM json_each(k.co_handlers) WHERE value = ?6))
         AND (?7 IS NULL OR c.category = ?7)
         AND (?8 IS NULL OR k.source = ?8)
         AND (?9 IS NULL OR c.received_at >= ?9)
         AND (?10 IS NULL OR c.received_at < ?10)
         AND (?11 = '' OR c.tracking_code = ?12 OR c.village_id IN (SELECT value FROM json_each(?13)))
       ORDER BY c.received_at DESC LIMIT ?14`,
    )
    .bind(
      v.all ? 1 : 0,
      v.all ? null : v.townId,
      v.all ? null : v.unit,
      f.status ?? null,
      f.town ?? null,
      f.department ? `department:${f.department}` : null,
      f.category ?? null,
      f.source ?? null,
      f.from ? chinaDayStart(f.from) : null,
      f.to ? chinaDayStart(f.to, 1) : null,
      q,
      code,
      JSON.stringify(villages),
      QUEUE_LIMIT,
    )
    .all<CaseRow>();
  const onlyOverdue = f.overdue === '1' || f.overdue === 'true' || f.overdue === 'on';
  const final = (s: CaseState) => FINAL_STATES.includes(s);
  const dups =
    duplicateWindowDays && v.all
      ? await duplicateCounts(
          db,
          rows.results.filter((r) => !final(r.state)).map((r) => r.id),
          duplicateWindowDays,
        )
      : new Map<string, number>();
  const entries = rows.results.map((r) => {
    const clocks = runningClocks(clockInputOf(r), now, rosterWorkCalendar, cutoff);
    return { ...caseSummary(r), clocks, overdue: isOverdue(clocks), duplicates: dups.get(r.id) ?? 0 };
  });
  return entries
    .filter((e) => !onlyOverdue || e.overdue)
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        Number(final(a.state)) - Number(final(b.state)) ||
        (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0),
    );
}

/** Counts for the office overview: by state, by town and by lead unit, overdue, and today's new cases. */
export function overviewOf(entries: QueueEntry[], now: Date) {
  const today = todayInChina(now);
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return Object.fromEntries(m);
  };
  const open = entries.filter((e) => !FINAL_STATES.includes(e.state));
  return {
    total: entries.length,
    byState: count(entries.map((e) => e.state)),
    openByTown: count(open.map((e) => e.townId)),
    openByLead: count(open.map((e) => e.lead?.unit ?? 'office')),
    overdue: open.filter((e) => e.overdue).length,
    overdueByLead: count(open.filter((e) => e.overdue).map((e) => e.lead?.unit ?? 'office')),
    newToday: entries.filter((e) => todayInChina(new Date(e.receivedAt)) === today).length,
  };
}
