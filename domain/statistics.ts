/**
 * The periods the public handling statistics, the ledgers, the monthly 通报 and the quarterly
 * assessment are counted over, and the working-day table their SQL joins against. Pure: the
 * SQL itself lives in functions/statistics/figures.ts; this module only turns a calendar into
 * rows so that SQL can count working days without a second copy of the holiday rules.
 */
import { formatQuarter, parseQuarter } from './assessment.ts';
import { parsePeriod as parsePatrolPeriod } from './patrols.ts';
import { CHINA_OFFSET_ISO } from './time.ts';
import { datesFromTo, type WorkCalendar } from './workdays.ts';

/** A calendar month (`2026-11`) or quarter (`2026Q4`), in Beijing dates, inclusive. */
export interface StatsPeriod {
  kind: 'month' | 'quarter';
  label: string;
  from: string;
  to: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `2026-11` or `2026Q4` → the period; throws a Chinese message naming the expected forms. */
export function parseStatsPeriod(text: string): StatsPeriod {
  const t = text.trim();
  if (MONTH.test(t)) {
    const m = parsePatrolPeriod(t);
    return { kind: 'month', label: m.label, from: m.from, to: m.to };
  }
  if (/^\d{4}Q[1-4]$/i.test(t)) return quarterPeriod(t);
  throw new Error(`统计时段应写成月份（如 2026-11）或季度（如 2026Q4），收到 ${JSON.stringify(text)}`);
}

/** The quarter `2026Q4` as a period. */
export function quarterPeriod(text: string): StatsPeriod {
  const q = parseQuarter(text);
  const first = (q.quarter - 1) * 3 + 1;
  const from = parsePatrolPeriod(`${q.year}-${String(first).padStart(2, '0')}`).from;
  const to = parsePatrolPeriod(`${q.year}-${String(first + 2).padStart(2, '0')}`).to;
  return { kind: 'quarter', label: formatQuarter(q), from, to };
}

/** The quarter a Beijing date falls in, e.g. `2026-11-20` → `2026Q4`. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The months of a period (one for a month, three for a quarter), as `YYYY-MM`. */
export function monthsOf(p: StatsPeriod): string[] {
  const out: string[] = [];
  for (const d of datesFromTo(p.from, p.to)) if (d.endsWith('-01')) out.push(d.slice(0, 7));
  return out;
}

/** The previous period of the same kind. */
export function previousPeriod(p: StatsPeriod): StatsPeriod {
  const y = Number(p.from.slice(0, 4));
  const m = Number(p.from.slice(5, 7));
  if (p.kind === 'month') {
    return parseStatsPeriod(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
  }
  const q = (m - 1) / 3 + 1;
  return quarterPeriod(q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`);
}

/** The UTC instants bounding a period's Beijing days: `[start, end)` as stored ISO strings compare. */
export function utcBounds(p: StatsPeriod): { start: string; end: string } {
  const start = new Date(`${p.from}T00:00:00${CHINA_OFFSET_ISO}`).toISOString();
  const end = new Date(Date.parse(`${p.to}T00:00:00${CHINA_OFFSET_ISO}`) + 86_400_000).toISOString();
  return { start, end };
}

/**
 * One row per day from `from` to `to`: `[date, working (1/0), next working day after it,
 * working days since the table's start]`. The SQL joins on it, so "the same working day" and
 * "working days to close" follow the official calendar (holidays, make-up working days).
 */
export type DayRow = [date: string, working: 0 | 1, nextWorking: string, index: number];

export function dayTable(cal: WorkCalendar, from: string, to: string): DayRow[] {
  let index = 0;
  return datesFromTo(from, to).map((d) => {
    const working = cal.isWorkingDay(d) ? 1 : 0;
    index += working;
    return [d, working, cal.addWorkingDays(d, 1), index];
  });
}

/** A share: `n` of `of`, with the percentage to one decimal (null when nothing was counted). */
export interface Rate {
  n: number;
  of: number;
  pct: number | null;
}

export const rate = (n: number, of: number): Rate => ({
  n,
  of,
  pct: of > 0 ? Math.round((1000 * n) / of) / 10 : null,
});
