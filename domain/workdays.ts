/**
 * The official working-day calendar of the People's Republic of China: weekends, public
 * holidays and the make-up working days (调休) the State Council announces each year.
 *
 * Data, by precedence for a year:
 * 1. an arrangement district staff entered in `content/calendar/<year>.yaml` from the State
 *    Council's notice (validated in domain/roster/records-schema.ts) — so a new year never
 *    waits for a package release;
 * 2. the `chinese-days` package (dist/chinese-days.json), which transcribes the notices;
 *    version 1.5.7 covers 2004 to 2026;
 * 3. otherwise the year is *provisional*: weekends only. Counts that touch such a year still
 *    give an answer, and `provisionalYears` says which years it rests on, so callers show
 *    it as 暂定 (never as fact, never as an error).
 *
 * Dates are ISO strings `YYYY-MM-DD` (calendar dates in China, no time zone involved).
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { CHINA_OFFSET_MS } from './time.ts';

/** First year the package data covers. */
export const PACKAGE_FIRST_YEAR = 2004;
/** Last year the package data covers (a unit test checks both against the data). */
export const PACKAGE_LAST_YEAR = 2026;

/** One year's official arrangement: its holidays, its make-up working days, and where it comes from. */
export interface YearArrangement {
  year: number;
  /** Days off that would otherwise be working days (or fall on a weekend), YYYY-MM-DD. */
  holidays: readonly string[];
  /** Weekend days worked instead (调休上班), YYYY-MM-DD. */
  workdays: readonly string[];
  /** The notice it was taken from, e.g. its number and date (Chinese). */
  source: string;
}

/** Where a year's calendar comes from. */
export type YearCoverage = 'content' | 'package' | 'provisional';

/** A working-day calendar: the package's data with staff-entered years on top. */
export interface WorkCalendar {
  /** Where `year`'s holidays come from; 'provisional' = weekends only, no holidays known. */
  coverage(year: number): YearCoverage;
  /** Whether `date` is a working day (weekends only in a provisional year). */
  isWorkingDay(date: string): boolean;
  /**
   * The `n`-th working day after `date` (n ≥ 1). The start date itself never counts, working
   * day or not: a change effective on a holiday counts from the next working day, and the
   * result is always a working day.
   */
  addWorkingDays(date: string, n: number): string;
  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: string, to: string): number;
  /** The provisional years from `from` to `to` (inclusive): a count across them is 暂定. */
  provisionalYears(from: string, to: string): number[];
}

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`日期「${date}」无效，请写成 YYYY-MM-DD，如 2026-11-20`);
  }
  return t / DAY_MS;
}

const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * A calendar with `arrangements` (staff-entered years) taking precedence over the package.
 * Each year appears at most once in `arrangements` (the roster loader checks it).
 */
export function workCalendar(arrangements: readonly YearArrangement[] = []): WorkCalendar {
  const entered = new Map(arrangements.map((a) => [a.year, a]));
  const off = new Set<string>();
  const on = new Set<string>();
  for (const [date] of Object.entries(calendar.holidays)) if (!entered.has(yearOf(date))) off.add(date);
  for (const [date] of Object.entries(calendar.workdays)) if (!entered.has(yearOf(date))) on.add(date);
  for (const a of arrangements) {
    for (const d of a.holidays) off.add(d);
    for (const d of a.workdays) on.add(d);
  }
  const coverage = (year: number): YearCoverage =>
    entered.has(year) ? 'content' : year >= PACKAGE_FIRST_YEAR && year <= PACKAGE_LAST_YEAR ? 'package' : 'provisional';
  const workingDay = (day: number): boolean => {
    const iso = isoOf(day);
    if (on.has(iso)) return true;
    if (off.has(iso)) return false;
    const weekday = new Date(day * DAY_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  return {
    coverage,
    isWorkingDay: (date) => workingDay(toDayNumber(date)),
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError('工作日天数应是正整数');
      let day = toDayNumber(date);
      for (let left = n; left > 0;) if (workingDay(++day)) left -= 1;
      return isoOf(day);
    },
    workingDaysBetween(from, to) {
      const end = toDayNumber(to);
      let count = 0;
      for (let day = toDayNumber(from) + 1; day <= end; day++) if (workingDay(day)) count++;
      return count;
    },
    provisionalYears(from, to) {
      const years: number[] = [];
      for (let y = yearOf(from); y <= yearOf(to); y++) if (coverage(y) === 'provisional') years.push(y);
      return years;
    },
  };
}

/** Every date from `from` to `to`, inclusive (empty when `to` is before `from`). */
export function datesFromTo(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++) out.push(isoOf(day));
  return out;
}

/** The package's calendar alone (no staff-entered years). */
export const packageCalendar: WorkCalendar = workCalendar();

/** Today's date in China (UTC+8), as `YYYY-MM-DD`. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
