/**
 * Patrol frequencies against hand-made records. Week 40 of 2026 (28 September to 4 October)
 * holds the start of the National Day holiday: the plan's minimums do not pause for it.
 */
import { describe, expect, it } from 'vitest';
import { checkPatrols, isoWeekOf, parsePeriod, type PatrolDuties, type PatrolRecord } from '../../domain/patrols.ts';

const duties: PatrolDuties = {
  districtLeaders: [{ person: 'leader-a', name: '示例一级网格长', towns: ['town-a'] }],
  subLeaders: [{ person: 'sub-1', name: '示例分网格长', villages: ['v1', 'v2'] }],
  villages: [
    { id: 'v1', name: '示例一村' },
    { id: 'v2', name: '示例二村' },
  ],
};

const rec = (person: string, villageId: string | null, date: string, townId = 'town-a'): PatrolRecord => ({
  person,
  townId,
  villageId,
  date,
});
const days = (from: number, to: number, month = '10') =>
  Array.from({ length: to - from + 1 }, (_, i) => `2026-${month}-${String(from + i).padStart(2, '0')}`);

describe('periods', () => {
  it('reads ISO weeks and months', () => {
    expect(parsePeriod('2026-W49')).toEqual({ kind: 'week', label: '2026-W49', from: '2026-11-30', to: '2026-12-06' });
    expect(parsePeriod('2026-W40')).toMatchObject({ from: '2026-09-28', to: '2026-10-04' });
    // 2026 starts on a Thursday, so it has 53 ISO weeks; the 53rd ends in 2027.
    expect(parsePeriod('2026-W53')).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
    expect(() => parsePeriod('2025-W53')).toThrow('2025 年只有 52 周');
    expect(parsePeriod('2026-02')).toEqual({ kind: 'month', label: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriod('2028-02').to).toBe('2028-02-29');
    expect(() => parsePeriod('2026-13')).toThrow('2026-W49');
    expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf('2026-12-02')).toEqual({ year: 2026, week: 49 });
  });
});

describe('a holiday week (2026-W40)', () => {
  const week = parsePeriod('2026-W40');
  const daily = (village: string) => [...days(28, 30, '09'), ...days(1, 4)].map((d) => rec('sup', village, d));

  it('flags a 分网格长 who covered a village once and passes one who covered it twice', () => {
    const records = [
      rec('sub-1', 'v1', '2026-09-29'),
      rec('sub-1', 'v1', '2026-10-02'), // a holiday still counts as a visit
      rec('sub-1', 'v2', '2026-10-03'),
      rec('sub-2', 'v2', '2026-10-01'), // someone else's visit does not count for sub-1
      ...daily('v1'),
      ...daily('v2'),
    ];
    const rows = checkPatrols(duties, records, week, '2026-10-10').filter((r) => r.level === 'subLeader');
    expect(rows.map((r) => [r.place, r.actual, r.met])).toEqual([
      ['v1', 2, true],
      ['v2', 1, false],
    ]);
  });

  it('counts every day, holidays included, for village patrols', () => {
    const records = [...daily('v1'), ...daily('v2').filter((r) => r.date !== '2026-10-01' && r.date !== '2026-10-02')];
    const rows = checkPatrols(duties, records, week, '2026-10-10').filter((r) => r.level === 'village');
    expect(rows.map((r) => [r.place, r.need, r.actual, r.met, r.missedDays])).toEqual([
      ['v1', 7, 7, true, []],
      ['v2', 7, 5, false, ['2026-10-01', '2026-10-02']],
    ]);
  });

  it('judges a running week only on the days that have passed, and not the weekly minimum yet', () => {
    const rows = checkPatrols(duties, daily('v1').slice(0, 2), week, '2026-09-29');
    expect(rows.filter((r) => r.level === 'subLeader')).toEqual([]);
    expect(rows.find((r) => r.place === 'v1')).toMatchObject({ need: 2, actual: 2, met: true });
  });
});

describe('a month', () => {
  it('checks the district leader once a month and each whole week of the 分网格长', () => {
    const month = parsePeriod('2026-10');
    // Whole weeks inside October 2026: 5–11, 12–18, 19–25 (the 26th–1 Nov week ends in November).
    const records = [
      rec('leader-a', null, '2026-10-20'),
      ...['05', '07', '12', '14', '19'].map((d) => rec('sub-1', 'v1', `2026-10-${d}`)),
    ];
    const rows = checkPatrols(duties, records, month, '2026-11-02');
    expect(rows.filter((r) => r.level === 'district')).toEqual([
      { level: 'district', person: 'leader-a', name: '示例一级网格长', place: 'town-a', need: 1, actual: 1, met: true },
    ]);
    const v1 = rows.filter((r) => r.level === 'subLeader' && r.place.startsWith('v1'));
    expect(v1.map((r) => [r.place, r.actual, r.met])).toEqual([
      ['v1 · 2026-10-05 起一周', 2, true],
      ['v1 · 2026-10-12 起一周', 2, true],
      ['v1 · 2026-10-19 起一周', 1, false],
    ]);
    const noLeader = checkPatrols(duties, records.slice(1), month, '2026-11-02');
    expect(noLeader.find((r) => r.level === 'district')).toMatchObject({ actual: 0, met: false });
  });
});
