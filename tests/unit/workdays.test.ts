import { describe, expect, it } from 'vitest';
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  datesFromTo,
  PACKAGE_FIRST_YEAR,
  PACKAGE_LAST_YEAR,
  packageCalendar,
  todayInChina,
  workCalendar,
  type YearArrangement,
} from '../../domain/workdays.ts';

const { addWorkingDays, isWorkingDay, workingDaysBetween } = packageCalendar;
import { PUBLISH_WITHIN_WORKING_DAYS } from '../../domain/plan.ts';

// Expected dates below were counted by hand on a printed 2025/2026 calendar with the State
// Council's holiday notices; each comment gives the count so a reviewer can redo it.
describe('working-day calendar', () => {
  it('states the years the package data covers', () => {
    const years = Object.keys(calendar.holidays).map((d) => Number(d.slice(0, 4)));
    expect(Math.min(...years)).toBe(PACKAGE_FIRST_YEAR);
    expect(Math.max(...years)).toBe(PACKAGE_LAST_YEAR);
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

  it('counts an uncovered year on weekends only and says which years are provisional', () => {
    // 2027 is not in the package: Fri 2027-01-01 is then an ordinary working day.
    expect(packageCalendar.coverage(2027)).toBe('provisional');
    expect(packageCalendar.coverage(2026)).toBe('package');
    expect(isWorkingDay('2027-01-01')).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false); // Saturday
    // 2026-11-20 Fri → Nov 23–27 (5), Nov 30–Dec 4 (10), 7–11 (15), 14–18 (20), 21–25 (25),
    // Dec 28–31 (29), Fri 2027-01-01 (30, provisional: New Year's Day is not known yet).
    expect(addWorkingDays('2026-11-20', 30)).toBe('2027-01-01');
    expect(packageCalendar.provisionalYears('2026-11-20', '2027-01-01')).toEqual([2027]);
    expect(packageCalendar.provisionalYears('2026-01-01', '2026-12-31')).toEqual([]);
    expect(() => isWorkingDay('2026-02-30')).toThrow(/日期「2026-02-30」无效/);
  });

  it('lets an entered arrangement take precedence over the package and the weekend rule', () => {
    // Hypothetical arrangements (not real notices), only to exercise precedence.
    const y2027: YearArrangement = {
      year: 2027,
      holidays: datesFromTo('2027-01-01', '2027-01-03'),
      workdays: ['2027-01-09'],
      source: '假设的通知（测试用）',
    };
    const y2026: YearArrangement = { year: 2026, holidays: ['2026-03-02'], workdays: [], source: '假设（测试用）' };
    const cal = workCalendar([y2027, y2026]);
    expect(cal.coverage(2027)).toBe('content');
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-01-09')).toBe(true); // make-up Saturday
    expect(cal.provisionalYears('2026-11-20', '2027-02-01')).toEqual([]);
    // Same count as above, but Jan 1 is now a holiday: Mon Jan 4 is the 30th working day.
    expect(cal.addWorkingDays('2026-11-20', 30)).toBe('2027-01-04');
    // An entered 2026 replaces the package's 2026 entirely: Spring Festival days are then working days.
    expect(cal.isWorkingDay('2026-02-16')).toBe(true);
    expect(cal.isWorkingDay('2026-03-02')).toBe(false);
  });

  it('takes today in China, not UTC', () => {
    expect(todayInChina(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(todayInChina(new Date('2026-11-25T15:30:00Z'))).toBe('2026-11-25');
  });
});
