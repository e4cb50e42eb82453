/**
 * Working-day clocks of the case loop, with dates counted by hand on the 2026
 * official calendar: weekends; National Day 10-01…10-07 (holidays) with
 * Saturday 10-10 a make-up working day; Mid-Autumn 09-25…09-27.
 */
import { describe, expect, it } from 'vitest';
import {
  parseCutoff,
  runningClocks as clocksOn,
  sameWorkingDay as sameDayOn,
  type ClockInput,
} from '../../domain/cases/clocks.ts';
import { packageCalendar } from '../../domain/workdays.ts';

// The 2026 calendar is the package's (content/calendar/ adds no 2026 arrangement).
const runningClocks = (c: ClockInput, now: Date) => clocksOn(c, now, packageCalendar);
const sameWorkingDay = (iso: string, cutoff?: string) => sameDayOn(iso, packageCalendar, cutoff);

/** An instant given in Beijing time. */
const bj = (s: string) => new Date(`${s}+08:00`).toISOString();
const at = (s: string) => new Date(`${s}+08:00`);

const fresh = (receivedAt: string): ClockInput => ({
  state: 'new',
  receivedAt,
  returnedAt: null,
  assignedAt: null,
  lastReportAt: null,
  rectifyBy: null,
});

describe('same working day, with the cut-off', () => {
  it('counts a working-day arrival before the cut-off as that day, after it as the next working day', () => {
    expect(sameWorkingDay(bj('2026-11-18T17:30'), '17:30')).toBe('2026-11-18'); // Wed, at the cut-off
    expect(sameWorkingDay(bj('2026-11-18T17:31'), '17:30')).toBe('2026-11-19'); // Wed late → Thu
  });

  it('carries a Friday evening arrival over the weekend to Monday', () => {
    // Fri 11-20 18:00 → Sat 21, Sun 22 are rest days → Mon 11-23.
    expect(sameWorkingDay(bj('2026-11-20T18:00'), '17:30')).toBe('2026-11-23');
    expect(sameWorkingDay(bj('2026-11-21T09:00'), '17:30')).toBe('2026-11-23'); // Saturday morning
  });

  it('carries an arrival on the eve of National Day over the holiday, and onto the make-up Saturday', () => {
    // Wed 09-30 18:00 → 10-01…10-07 holidays → Thu 10-08.
    expect(sameWorkingDay(bj('2026-09-30T18:00'), '17:30')).toBe('2026-10-08');
    expect(sameWorkingDay(bj('2026-10-03T10:00'), '17:30')).toBe('2026-10-08');
    // Fri 10-09 after the cut-off → Sat 10-10 is a make-up working day.
    expect(sameWorkingDay(bj('2026-10-09T20:00'), '17:30')).toBe('2026-10-10');
  });

  it('reads UTC instants as Beijing time (a 01:00 UTC arrival is 09:00 the same day in Beijing)', () => {
    expect(sameWorkingDay('2026-11-18T01:00:00.000Z', '17:30')).toBe('2026-11-18');
    // 2026-11-20T10:00Z is Fri 18:00 in Beijing: after the cut-off.
    expect(sameWorkingDay('2026-11-20T10:00:00.000Z', '17:30')).toBe('2026-11-23');
  });

  it('takes the cut-off from the setting, and names the setting when it is malformed', () => {
    expect(parseCutoff(undefined)).toBe('17:30');
    expect(parseCutoff('18:00')).toBe('18:00');
    expect(() => parseCutoff('5pm')).toThrow(/CASE_ASSIGN_CUTOFF/);
    expect(sameWorkingDay(bj('2026-11-18T17:45'), parseCutoff('18:00'))).toBe('2026-11-18');
  });
});

describe('overdue marks', () => {
  it('assignment: a Friday-evening complaint is on time all weekend and Monday, overdue on Tuesday', () => {
    const c = fresh(bj('2026-11-20T18:00'));
    const on = (s: string) => runningClocks(c, at(s))[0]!;
    expect(on('2026-11-22T23:00')).toMatchObject({ kind: 'assign', due: '2026-11-23', overdue: false });
    expect(on('2026-11-23T23:59')).toMatchObject({ overdue: false });
    expect(on('2026-11-24T00:01')).toMatchObject({ overdue: true, overdueWorkingDays: 1 });
    // Thu 11-26: Tue, Wed, Thu are three working days past Monday.
    expect(on('2026-11-26T09:00')).toMatchObject({ overdue: true, overdueWorkingDays: 3 });
  });

  it('assignment: a complaint on the eve of National Day is due 10-08; 10-10 (make-up Saturday) counts as a late day', () => {
    const c = fresh(bj('2026-09-30T19:00'));
    expect(runningClocks(c, at('2026-10-07T22:00'))[0]).toMatchObject({ due: '2026-10-08', overdue: false });
    // 10-09 Fri (1), 10-10 make-up Sat (2); Sun 10-11 is a rest day.
    expect(runningClocks(c, at('2026-10-11T12:00'))[0]).toMatchObject({ overdue: true, overdueWorkingDays: 2 });
  });

  it('acceptance is due the day of assignment; a Saturday assignment is due Monday', () => {
    const c: ClockInput = { ...fresh(bj('2026-11-20T18:00')), state: 'assigned', assignedAt: bj('2026-11-21T10:00') };
    const [accept] = runningClocks(c, at('2026-11-23T20:00'));
    expect(accept).toMatchObject({ kind: 'accept', due: '2026-11-23', overdue: false });
    expect(runningClocks(c, at('2026-11-24T08:00'))[0]).toMatchObject({ overdue: true, overdueWorkingDays: 1 });
  });

  it('reports: the first the day of assignment, then every working day, skipping the weekend and the holiday', () => {
    const assigned: ClockInput = {
      ...fresh(bj('2026-09-29T09:00')),
      state: 'accepted',
      assignedAt: bj('2026-09-29T10:00'),
      rectifyBy: '2026-10-16',
    };
    // No report yet: due Tue 09-29 itself.
    expect(runningClocks(assigned, at('2026-09-29T20:00'))[0]).toMatchObject({ kind: 'report', due: '2026-09-29' });
    expect(runningClocks(assigned, at('2026-09-30T08:00'))[0]).toMatchObject({ overdue: true });
    // Reported Wed 09-30: the next report is due on 10-08 (holiday 10-01…07).
    const reported = { ...assigned, lastReportAt: bj('2026-09-30T16:00') };
    expect(runningClocks(reported, at('2026-10-06T12:00'))[0]).toMatchObject({ due: '2026-10-08', overdue: false });
    // Reported Fri 10-09: due on the make-up Saturday 10-10, overdue on Sunday.
    const friday = { ...assigned, lastReportAt: bj('2026-10-09T16:00') };
    expect(runningClocks(friday, at('2026-10-11T12:00'))[0]).toMatchObject({ due: '2026-10-10', overdue: true });
    // Reported Fri 11-20: due Mon 11-23, not on the weekend.
    const weekend = { ...assigned, lastReportAt: bj('2026-11-20T16:00'), rectifyBy: '2026-11-30' };
    expect(runningClocks(weekend, at('2026-11-22T12:00'))[0]).toMatchObject({ due: '2026-11-23', overdue: false });
  });

  it('rectification: overdue the day after the deadline set at assignment', () => {
    const c: ClockInput = {
      ...fresh(bj('2026-11-16T09:00')),
      state: 'accepted',
      assignedAt: bj('2026-11-16T10:00'),
      lastReportAt: bj('2026-11-20T10:00'),
      rectifyBy: '2026-11-20',
    };
    const rectify = (s: string) => runningClocks(c, at(s)).find((k) => k.kind === 'rectify')!;
    expect(rectify('2026-11-20T23:59')).toMatchObject({ overdue: false });
    // Sat 11-21: past the deadline, though no working day has passed yet.
    expect(rectify('2026-11-21T09:00')).toMatchObject({ overdue: true, overdueWorkingDays: 0 });
    expect(rectify('2026-11-24T09:00')).toMatchObject({ overdue: true, overdueWorkingDays: 2 });
  });

  it('runs no clock once a case is waiting for verification or finished', () => {
    for (const state of ['feedback', 'closed', 'rejected', 'merged'] as const) {
      expect(runningClocks({ ...fresh(bj('2026-11-16T09:00')), state }, at('2026-11-30T09:00'))).toEqual([]);
    }
  });

  it('gives a provisional due day, marked 暂定, when it lies in a year not yet arranged', () => {
    // 2026-12-31 (Thu) after the cut-off: the next working day is in 2027, which the package does not
    // cover; on weekends alone that is Friday 2027-01-01 (in fact New Year's Day), so it says 暂定.
    const [k] = runningClocks(fresh(bj('2026-12-31T18:00')), at('2026-12-31T19:00'));
    expect(k).toMatchObject({ kind: 'assign', due: '2027-01-01', overdue: false });
    expect(k!.provisional).toMatch(/暂定：2027 年/);
    expect(runningClocks(fresh(bj('2026-12-30T09:00')), at('2026-12-30T10:00'))[0]!.provisional).toBeUndefined();
  });
});
