/**
 * The plan's publication clock: a change of the grid or its responsible persons must be
 * published within PUBLISH_WITHIN_WORKING_DAYS working days of taking effect.
 *
 * Due date = the 30th working day after the effective date (domain/workdays.ts: the
 * effective date itself never counts; a change effective on a holiday counts from the next
 * working day). Published on the due date is on time. A count that runs through a year
 * whose holidays are not yet known is provisional (暂定): weekends only, flagged, never an
 * error.
 */
import { PUBLISH_WITHIN_WORKING_DAYS, WARN_WITHIN_WORKING_DAYS } from './plan.ts';
import type { WorkCalendar } from './workdays.ts';

export type ChangeState =
  /** published within the limit */
  | 'on-time'
  /** published after the due date */
  | 'late'
  /** not yet published, time left */
  | 'pending'
  /** not yet published, WARN_WITHIN_WORKING_DAYS or fewer working days left (or due today) */
  | 'due-soon'
  /** not yet published and past the due date */
  | 'overdue';

/** The dates of a change the clock reads (a change record has more). */
export interface ChangeDates {
  effective: string;
  published?: string | undefined;
}

export interface ChangeClock {
  state: ChangeState;
  /** Due date: the PUBLISH_WITHIN_WORKING_DAYS-th working day after the effective date. */
  due: string;
  /**
   * Years the due date (or the count up to the published date or today) rests on whose official
   * holidays are not yet known: the figures are provisional (暂定), counted on weekends only.
   */
  provisionalYears?: number[];
  /** Working days after the effective date up to the published date (or today, if unpublished). */
  elapsed?: number;
  /** Working days published after the due date ('late'), or past it ('overdue'). */
  lateBy?: number;
  /** Working days left before the due date ('pending', 'due-soon'; 0 = due today). */
  remaining?: number;
}

/**
 * Where a change stands on the clock. Without `today`, an unpublished change is just
 * 'pending' (pages are built ahead of time and must not depend on the build day).
 */
export function changeClock(change: ChangeDates, calendar: WorkCalendar, today?: string): ChangeClock {
  const limit = PUBLISH_WITHIN_WORKING_DAYS;
  const due = calendar.addWorkingDays(change.effective, limit);
  const clock: ChangeClock = { state: 'pending', due };
  // The last date the figures depend on: the due date, or a later published date or today.
  const counted = [due, change.published ?? today ?? due].sort()[1]!;
  const provisional = calendar.provisionalYears(change.effective, counted);
  if (provisional.length > 0) clock.provisionalYears = provisional;
  if (change.published) {
    const elapsed = calendar.workingDaysBetween(change.effective, change.published);
    clock.elapsed = elapsed;
    if (elapsed <= limit) clock.state = 'on-time';
    else {
      clock.state = 'late';
      clock.lateBy = elapsed - limit;
    }
    return clock;
  }
  if (today === undefined) return clock;
  const elapsed = calendar.workingDaysBetween(change.effective, today);
  clock.elapsed = elapsed;
  if (today > due) {
    clock.state = 'overdue';
    clock.lateBy = elapsed - limit;
    return clock;
  }
  clock.remaining = limit - elapsed;
  clock.state = clock.remaining <= WARN_WITHIN_WORKING_DAYS ? 'due-soon' : 'pending';
  return clock;
}

/** Chinese labels of the states, for pages and reports. */
export const CHANGE_STATE_LABELS: Record<ChangeState, string> = {
  'on-time': '按时公布',
  late: '逾期公布',
  pending: '待公布',
  'due-soon': '即将到期',
  overdue: '已超期未公布',
};

/** 「2027 年」「2027、2028 年」: the provisional years as staff read them. */
export function yearsLabel(years: readonly number[]): string {
  return `${years.join('、')} 年`;
}

/**
 * What to do about a provisional due date (Chinese), for pages and `roster:check`: enter the
 * year's arrangement once the State Council has published it.
 */
export function provisionalNote(years: readonly number[]): string {
  return (
    `${yearsLabel(years)}的放假和调休安排尚未录入，期限暂按周末推算（暂定）。` +
    `国务院公布该年安排后，请在 content/calendar/ 中按通知录入（如 content/calendar/${years[0]}.yaml），期限会自动更正`
  );
}
