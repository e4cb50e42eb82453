/**
 * Item 2's patrol shortfalls over a quarter (domain/patrol-shortfalls.ts), hand-worked on a
 * small roster: town t1 with district leader L and 分网格长 S (villages v1, v2), town t2 with
 * village w1. 2026Q4 runs Thursday 1 October to Thursday 31 December 2026.
 */
import { describe, expect, it } from 'vitest';
import {
  quarterPatrolRange,
  quarterPatrolShortfalls,
  quarterWeeks,
  recordsOutsideRoster,
} from '../../domain/patrol-shortfalls.ts';
import type { PatrolDuties, PatrolRecord } from '../../domain/patrols.ts';

const duties: PatrolDuties = {
  districtLeaders: [{ person: 'leader-l', name: '示例·区级网格长', towns: ['t1'] }],
  subLeaders: [{ person: 'sub-s', name: '示例·分网格长', villages: ['v1', 'v2'] }],
  villages: [
    { id: 'v1', name: '示例甲村' },
    { id: 'v2', name: '示例乙村' },
    { id: 'w1', name: '示例丙村' },
  ],
};
const towns = { villages: { v1: 't1', v2: 't1', w1: 't2' }, subLeaders: { 'sub-s': 't1' } };

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
};
const rec = (person: string, townId: string, villageId: string, date: string): PatrolRecord => ({
  person,
  townId,
  villageId,
  date,
});

describe('the weeks of a quarter', () => {
  it('are the ISO weeks whose Thursday is in the quarter, so each week is judged once', () => {
    // 1 Oct 2026 is a Thursday: W40 (Mon 28 Sep – Sun 4 Oct) is Q4's although it starts in Q3.
    // 31 Dec 2026 is a Thursday: W53 (28 Dec – 3 Jan 2027) is Q4's; 2027Q1 starts with W01 (4 Jan).
    const q4 = quarterWeeks('2026-10-01', '2026-12-31');
    expect(q4.length).toBe(14);
    expect(q4[0]).toEqual({ label: '2026-W40', monday: '2026-09-28', sunday: '2026-10-04' });
    expect(q4.at(-1)).toEqual({ label: '2026-W53', monday: '2026-12-28', sunday: '2027-01-03' });
    expect(quarterWeeks('2027-01-01', '2027-03-31')[0]!.label).toBe('2027-W01');
    // Q3 ends Wednesday 30 Sep: its last week is W39 (21–27 Sep), not W40.
    expect(quarterWeeks('2026-07-01', '2026-09-30').at(-1)!.label).toBe('2026-W39');
    expect(quarterPatrolRange('2026-10-01', '2026-12-31')).toEqual({ from: '2026-09-28', to: '2027-01-03' });
  });
});

describe('shortfalls, counted on Sunday 11 October 2026 (weeks W40 and W41 finished, no month)', () => {
  const records: PatrolRecord[] = [
    // v1: a supervisor every day, 28 Sep – 11 Oct → both weeks met.
    ...days('2026-09-28', '2026-10-11').map((d) => rec('sup-v1@example.org', 't1', 'v1', d)),
    // v2: every day but Wednesday 7 Oct → W41 missed one day.
    ...days('2026-09-28', '2026-10-11')
      .filter((d) => d !== '2026-10-07')
      .map((d) => rec('sup-v2@example.org', 't1', 'v2', d)),
    // w1: every day but Monday 28 Sep (a Q3 date, but in W40) → W40 missed one day.
    ...days('2026-09-29', '2026-10-11').map((d) => rec('sup-w1@example.org', 't2', 'w1', d)),
    // S in v1: W40 twice (met), W41 once (short); in v2: twice each week (met).
    rec('sub-s', 't1', 'v1', '2026-09-29'),
    rec('sub-s', 't1', 'v1', '2026-10-01'),
    rec('sub-s', 't1', 'v1', '2026-10-06'),
    rec('sub-s', 't1', 'v2', '2026-10-02'),
    rec('sub-s', 't1', 'v2', '2026-10-03'),
    rec('sub-s', 't1', 'v2', '2026-10-08'),
    rec('sub-s', 't1', 'v2', '2026-10-09'),
    // Someone no longer in the roster patrols v1 twice in W41: it cannot meet S's duty.
    rec('sub-old', 't1', 'v1', '2026-10-07'),
    rec('sub-old', 't1', 'v1', '2026-10-08'),
  ];
  const check = quarterPatrolShortfalls(duties, towns, records, '2026-10-01', '2026-12-31', '2026-10-11');

  it('judges the finished weeks only, and no month yet', () => {
    expect(check.weeks).toEqual(['2026-W40', '2026-W41']);
    expect(check.months).toEqual([]);
  });

  it('lists each duty not met, with its town, week and numbers', () => {
    // t1: S·v1 in W41 (1 of 2), v2 in W41 (6 of 7 days, 7 Oct missed) → 2. t2: w1 in W40 (6 of 7, 28 Sep) → 1.
    expect(check.shortfalls.map((s) => [s.townId, s.when, s.row.level, s.row.place, s.row.actual, s.row.need])).toEqual(
      [
        ['t2', '2026-W40', 'village', 'w1', 6, 7],
        ['t1', '2026-W41', 'subLeader', 'v1', 1, 2],
        ['t1', '2026-W41', 'village', 'v2', 6, 7],
      ],
    );
    expect(check.shortfalls[0]!.row.missedDays).toEqual(['2026-09-28']);
    expect(check.shortfalls[2]!.row.missedDays).toEqual(['2026-10-07']);
  });

  it('names the records of persons absent from the roster, by town (supervisors’ emails are not flagged)', () => {
    expect(recordsOutsideRoster(duties, records)).toEqual([{ person: 'sub-old', townId: 't1', count: 2 }]);
  });
});

describe('the district leader’s month', () => {
  const only = { districtLeaders: duties.districtLeaders, subLeaders: [], villages: [] };

  it('is judged once the month has ended: no patrol of t1 in October is one shortfall', () => {
    // Counted 30 Oct: October not over → nothing. Counted 1 Nov: October judged, 0 of 1 (as in
    // patrols:check, a period is judged from its last day on).
    expect(quarterPatrolShortfalls(only, towns, [], '2026-10-01', '2026-12-31', '2026-10-30').shortfalls).toEqual([]);
    const nov1 = quarterPatrolShortfalls(only, towns, [], '2026-10-01', '2026-12-31', '2026-11-01');
    expect(nov1.months).toEqual(['2026-10']);
    expect(nov1.shortfalls.map((s) => [s.townId, s.when, s.row.level, s.row.actual, s.row.need])).toEqual([
      ['t1', '2026-10', 'district', 0, 1],
    ]);
  });

  it('one patrol of t1 in the month meets it', () => {
    const r = [rec('leader-l', 't1', 'v2', '2026-10-20')];
    expect(quarterPatrolShortfalls(only, towns, r, '2026-10-01', '2026-12-31', '2026-11-01').shortfalls).toEqual([]);
  });
});
