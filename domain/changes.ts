/**
 * The plan's publication clock: a change of the grid or its responsible persons must be
 * published within PUBLISH_WITHIN_WORKING_DAYS working days of taking effect.
 *
 * Due date = the 30th working day after the effective date (domain/workdays.ts: the
 * effective date itself never counts; a change effective on a holiday counts from the next
 * working day). Published on the due date is on time. Whether a published change was on
 * time is decided by counting the working days up to its published date, so it never needs
 * calendar data beyond that date.
 */
import { PUBLISH_WITHIN_WORKING_DAYS, WARN_WITHIN_WORKING_DAYS } from './plan.ts';
import type { Change } from './roster/records-schema.ts';
import { addWorkingDays, CalendarRangeError, workingDaysBetween } from './workdays.ts';

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

export interface ChangeClock {
  state: ChangeState;
  /** Due date; absent when it falls beyond the calendar's covered years (see dueError). */
  due?: string;
  /** Why the due date is unknown (Chinese), when it is. */
  dueError?: string;
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
 * Throws CalendarRangeError when the effective, published or today's date lies outside the
 * calendar: no status is guessed.
 */
export function changeClock(change: Pick<Change, 'effective' | 'published'>, today?: string): ChangeClock {
  const limit = PUBLISH_WITHIN_WORKING_DAYS;
  const clock: ChangeClock = { state: 'pending' };
  try {
    clock.due = addWorkingDays(change.effective, limit);
  } catch (e) {
    if (!(e instanceof CalendarRangeError) || e.date === change.effective) throw e;
    clock.dueError = e.message;
  }
  if (change.published) {
    const elapsed = workingDaysBetween(change.effective, change.published);
    clock.elapsed = elapsed;
    if (elapsed <= limit) clock.state = 'on-time';
    else {
      clock.state = 'late';
      clock.lateBy = elapsed - limit;
    }
    return clock;
  }
  if (today === undefined) return clock;
  if (clock.due !== undefined && today > clock.due) {
    // Past a known due date: overdue even if today itself is beyond the calendar.
    clock.state = 'overdue';
    try {
      clock.elapsed = workingDaysBetween(change.effective, today);
      clock.lateBy = clock.elapsed - limit;
    } catch (e) {
      if (!(e instanceof CalendarRangeError)) throw e;
    }
    return clock;
  }
  const elapsed = workingDaysBetween(change.effective, today);
  clock.elapsed = elapsed;
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
