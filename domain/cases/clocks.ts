/**
 * Working-day clocks of a case (plan 二(二)2–3): assignment the same working
 * day it arrives (after the cut-off time, the next working day), acceptance
 * and first feedback the same working day as the assignment, a progress
 * report every working day while the case is open, rectification by the
 * deadline set at assignment. Days follow the official calendar passed in
 * (the roster's: domain/workdays.ts with the years staff entered); a clock is
 * overdue once its due day has ended in Beijing. A count that rests on a year
 * whose arrangement is not known yet is given (weekends only) and marked
 * provisional (暂定), never refused. `now` is always passed in, so tests need no waiting.
 */
import { CHINA_OFFSET_MS } from '../time.ts';
import { todayInChina, type WorkCalendar } from '../workdays.ts';
import type { CaseState } from './model.ts';

/** The default cut-off for same-day assignment, Beijing time (setting CASE_ASSIGN_CUTOFF). */
export const DEFAULT_ASSIGN_CUTOFF = '17:30';

/** Reads an `HH:MM` cut-off setting; the default when empty, an error naming the setting when malformed. */
export function parseCutoff(value: string | undefined | null): string {
  const v = (value ?? '').trim();
  if (!v) return DEFAULT_ASSIGN_CUTOFF;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  if (!m) throw new RangeError(`设置 CASE_ASSIGN_CUTOFF 应是北京时间 HH:MM，如 17:30，现在是「${v}」`);
  return v;
}

/** The Beijing date and `HH:MM` of an ISO instant. */
export function chinaDateTime(iso: string): { date: string; time: string } {
  const s = new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/**
 * The working day on which something that arrived at `iso` is due "the same
 * working day": its own date if that is a working day (and, with a cut-off,
 * it arrived by then), otherwise the next working day.
 */
export function sameWorkingDay(iso: string, cal: WorkCalendar, cutoff?: string): string {
  const { date, time } = chinaDateTime(iso);
  if (cal.isWorkingDay(date) && (!cutoff || time <= cutoff)) return date;
  return cal.addWorkingDays(date, 1);
}

export type ClockKind = 'assign' | 'accept' | 'report' | 'rectify';

export const CLOCK_LABELS: Record<ClockKind, string> = {
  assign: '交办（当日）',
  accept: '签收（交办当日）',
  report: '反馈进展（交办当日首次反馈，此后每个工作日）',
  rectify: '整改期限',
};

export interface Clock {
  kind: ClockKind;
  label: string;
  /** The last day (Beijing) on which it is on time. */
  due: string;
  overdue: boolean;
  /** Working days past the due day (0 on a weekend right after it). */
  overdueWorkingDays: number;
  /** Set when the count rests on a year whose official arrangement is not entered yet (暂定). */
  provisional?: string;
}

/** The times of a case that its clocks run from. */
export interface ClockInput {
  state: CaseState;
  receivedAt: string;
  /** When the case last came back to the office by a return, if it did. */
  returnedAt: string | null;
  /** The current assignment. */
  assignedAt: string | null;
  /** The latest progress report or feedback since the current assignment. */
  lastReportAt: string | null;
  /** Rectification deadline (a date) set at assignment. */
  rectifyBy: string | null;
}

function clock(kind: ClockKind, today: string, cal: WorkCalendar, from: string, due: string): Clock {
  const label = CLOCK_LABELS[kind];
  const overdue = today > due;
  const overdueWorkingDays = overdue ? cal.workingDaysBetween(due, today) : 0;
  const years = cal.provisionalYears(from < due ? from : due, today > due ? today : due);
  const out: Clock = { kind, label, due, overdue, overdueWorkingDays };
  if (years.length)
    out.provisional = `暂定：${years.join('、')} 年的放假安排尚未录入（content/calendar/），暂按周末推算`;
  return out;
}

/** The clocks running for a case at `now` on calendar `cal`, the most urgent kind first. Final states run none. */
export function runningClocks(
  c: ClockInput,
  now: Date,
  cal: WorkCalendar,
  cutoff: string = DEFAULT_ASSIGN_CUTOFF,
): Clock[] {
  const today = todayInChina(now);
  const out: Clock[] = [];
  if (c.state === 'new' || c.state === 'returned') {
    const since = c.returnedAt ?? c.receivedAt;
    out.push(clock('assign', today, cal, chinaDateTime(since).date, sameWorkingDay(since, cal, cutoff)));
  }
  if ((c.state === 'assigned' || c.state === 'accepted') && c.assignedAt) {
    const assigned = c.assignedAt;
    const from = chinaDateTime(assigned).date;
    if (c.state === 'assigned') out.push(clock('accept', today, cal, from, sameWorkingDay(assigned, cal)));
    else {
      const last = c.lastReportAt;
      const due = last ? cal.addWorkingDays(chinaDateTime(last).date, 1) : sameWorkingDay(assigned, cal);
      out.push(clock('report', today, cal, from, due));
    }
    if (c.rectifyBy) out.push(clock('rectify', today, cal, from, c.rectifyBy));
  }
  return out;
}

/** Whether any running clock is overdue. */
export const isOverdue = (clocks: Clock[]) => clocks.some((k) => k.overdue);
