/**
 * The official working-day calendar of the People's Republic of China: weekends, public
 * holidays and the make-up working days (调休) the State Council announces each year.
 *
 * Data: the `chinese-days` package (dist/chinese-days.json), which transcribes the State
 * Council's yearly notices. Version 1.5.7 covers the years 2004 to 2026. A date outside those
 * years is an error (CalendarRangeError), never a guess: next year's holidays are unknown
 * until the State Council announces them (usually in November), so upgrade the package then
 * and raise CALENDAR_LAST_YEAR (a unit test checks the constants against the data).
 *
 * Dates are ISO strings `YYYY-MM-DD` (calendar dates in China, no time zone involved).
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** First year the calendar data covers. */
export const CALENDAR_FIRST_YEAR = 2004;
/** Last year the calendar data covers. */
export const CALENDAR_LAST_YEAR = 2026;

const holidays: Record<string, string> = calendar.holidays;
const makeUpWorkdays: Record<string, string> = calendar.workdays;

/** A date the calendar cannot answer for; the message says what to do (Chinese). */
export class CalendarRangeError extends Error {
  readonly date: string;
  constructor(date: string) {
    super(
      `日期 ${date} 超出工作日日历的覆盖范围（${CALENDAR_FIRST_YEAR}—${CALENDAR_LAST_YEAR} 年），无法推算工作日。` +
        `国务院公布新一年的放假安排后，请升级 chinese-days 包并更新 domain/workdays.ts 中的年份`,
    );
    this.name = 'CalendarRangeError';
    this.date = date;
  }
}

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`日期「${date}」无效，请写成 YYYY-MM-DD，如 2026-11-20`);
  }
  const year = Number(m[1]);
  if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) throw new CalendarRangeError(date);
  return t / DAY_MS;
}

function fromDayNumber(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
  const year = Number(iso.slice(0, 4));
  if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) throw new CalendarRangeError(iso);
  return iso;
}

function isWorkingDayNumber(day: number): boolean {
  const iso = fromDayNumber(day);
  if (iso in makeUpWorkdays) return true;
  if (iso in holidays) return false;
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Whether `date` is an official working day. Throws CalendarRangeError outside the covered years. */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/**
 * The `n`-th working day after `date` (n ≥ 1). The start date itself never counts, working day
 * or not: counting starts on the first working day after it. So a change effective on a
 * holiday or a weekend counts from the next working day, and the result is always a working
 * day. Throws CalendarRangeError if the count runs past the covered years.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('工作日天数应是正整数');
  let day = toDayNumber(date);
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * How many working days lie after `from` up to and including `to` (0 when `to` ≤ `from`).
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  let count = 0;
  for (let day = start + 1; day <= end; day++) if (isWorkingDayNumber(day)) count++;
  return count;
}

/** Today's date in China (UTC+8), as `YYYY-MM-DD`. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
