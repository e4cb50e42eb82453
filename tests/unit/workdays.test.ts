import { describe, expect, it } from 'vitest';
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  addWorkingDays,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CalendarRangeError,
  isWorkingDay,
  todayInChina,
  workingDaysBetween,
} from '../../domain/workdays.ts';
import { PUBLISH_WITHIN_WORKING_DAYS } from '../../domain/plan.ts';

// Expected dates below were counted by hand on a printed 2025/2026 calendar with the State
// Council's holiday notices; each comment gives the count so a reviewer can redo it.
describe('working-day calendar', () => {
  it('states the years the package data covers', () => {
    const years = Object.keys(calendar.holidays).map((d) => Number(d.slice(0, 4)));
    expect(Math.min(...years)).toBe(CALENDAR_FIRST_YEAR);
    expect(Math.max(...years)).toBe(CALENDAR_LAST_YEAR);
  });

  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday, make-up day for Spring Festival
    expect(isWorkingDay('2026-02-16')).toBe(false); // Monday in Spring Festival
    expect(isWorkingDay('2026-03-01')).toBe(false); // ordinary Sunday
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up day for National Day
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up day for National Day
    expect(isWorkingDay('2026-10-05')).toBe(false); // Monday in National Day
  });

  it('counts across Spring Festival 2026 (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked)', () => {
    // 2026-02-10 Tue → Feb 11,12,13 (3), Sat 14 (4), Feb 24–27 (8), Sat 28 (9), Mar 2–6 (14),
    // Mar 9–13 (19), Mar 16–20 (24), Mar 23–27 (29), Mon Mar 30 (30).
    expect(addWorkingDays('2026-02-10', PUBLISH_WITHIN_WORKING_DAYS)).toBe('2026-03-30');
  });

  it('counts across Spring Festival 2025 (Jan 28–Feb 4 off; Sun Jan 26 and Sat Feb 8 worked)', () => {
    // 2025-01-20 Mon → Jan 21–24 (4), Sun 26 (5), Mon 27 (6), Feb 5–7 (9), Sat 8 (10),
    // Feb 10–14 (15), 17–21 (20), 24–28 (25), Mar 3–7 (30).
    expect(addWorkingDays('2025-01-20', 30)).toBe('2025-03-07');
  });

  it('counts across New Year into Spring Festival (Jan 1–3 off; Sun Jan 4 worked)', () => {
    // 2025-12-31 Wed → Sun Jan 4 (1), Jan 5–9 (6), 12–16 (11), 19–23 (16), 26–30 (21),
    // Feb 2–6 (26), Feb 9,10,11,12 (30).
    expect(addWorkingDays('2025-12-31', 30)).toBe('2026-02-12');
  });

  it('counts across National Day 2026 with its make-up weekend days (Sun Sep 20, Sat Oct 10)', () => {
    // 2026-09-18 Fri → Sun Sep 20 (1), Sep 21–24 (5), [Sep 25–27 Mid-Autumn off], Sep 28–30 (8),
    // [Oct 1–7 off], Oct 8,9 (10), Sat Oct 10 (11), Oct 12–16 (16), 19–23 (21), 26–30 (26),
    // Nov 2,3,4,5 (30).
    expect(addWorkingDays('2026-09-18', 30)).toBe('2026-11-05');
  });

  it('counts a change effective on a holiday from the next working day', () => {
    // 2026-10-03 (National Day) → Oct 8,9 (2), Sat Oct 10 (3), Oct 12–16 (8), 19–23 (13),
    // 26–30 (18), Nov 2–6 (23), 9–13 (28), Nov 16,17 (30).
    expect(addWorkingDays('2026-10-03', 30)).toBe('2026-11-17');
    expect(addWorkingDays('2026-10-01', 30)).toBe('2026-11-17');
    // Effective on the make-up Saturday itself: that day does not count either.
    // Oct 12–16 (5), 19–23 (10), 26–30 (15), Nov 2–6 (20), 9–13 (25), 16–20 (30).
    expect(addWorkingDays('2026-10-10', 30)).toBe('2026-11-20');
  });

  it('is consistent with workingDaysBetween', () => {
    for (const d of ['2026-02-10', '2026-09-18', '2026-10-03', '2025-12-31']) {
      expect(workingDaysBetween(d, addWorkingDays(d, 30))).toBe(30);
      expect(workingDaysBetween(d, d)).toBe(0);
    }
    expect(workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
  });

  it('refuses dates outside the covered years instead of guessing', () => {
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarRangeError);
    expect(() => isWorkingDay('2003-12-31')).toThrow(CalendarRangeError);
    // 2026-11-20 + 30 working days runs into 2027, whose holidays are not in the data.
    expect(() => addWorkingDays('2026-11-20', 30)).toThrow(/超出工作日日历的覆盖范围（2004—2026 年）/);
    expect(() => isWorkingDay('2026-02-30')).toThrow(/日期「2026-02-30」无效/);
  });

  it('takes today in China, not UTC', () => {
    expect(todayInChina(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(todayInChina(new Date('2026-11-25T15:30:00Z'))).toBe('2026-11-25');
  });
});
