/**
 * The handling figures (functions/statistics/figures.ts) against a hand-counted month in the
 * real D1, and against a case taken through the real case-desk API (so the SQL reads the
 * ledger's details exactly as act.ts writes them).
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFigures, d1Query } from '../../functions/statistics/figures.ts';
import { parseStatsPeriod } from '../../domain/statistics.ts';
import { packageCalendar, todayInChina } from '../../domain/workdays.ts';
import { storeCases } from './support/case-fixtures.ts';
import { A, B, october2019, today } from '../support/october-2019.ts';
import { act, fileComplaint, inAWeek, seedCast, staffOf } from './cases-support.ts';
import { town } from './support/complaints.ts';

const ctx = { cal: packageCalendar, today, cutoff: '17:30' };
const q = d1Query(env.DB);

beforeAll(async () => {
  await storeCases(october2019);
});

describe('October 2019, counted by hand', () => {
  it('counts receipts by the Beijing day, by source, category, town and state', async () => {
    const f = await computeFigures(q, parseStatsPeriod('2019-10'), ctx);
    // a, b, c, d, e, f, g, h; not 'sep' (30 Sept 23:30) nor 'i' (1 Nov 00:10).
    expect(f.received).toBe(8);
    expect(f.bySource).toEqual({ citizen: 5, hotline: 1, patrol: 1, media: 1 });
    expect(f.byCategory).toEqual({ dust: 4, flue_gas: 1, sewage: 1, garbage: 1, noise: 1 });
    expect(f.byTown).toEqual({ [A]: 6, [B]: 2 });
    expect(f.byMonth).toEqual({ '2019-10': 8 });
    expect(f.byState).toEqual({ closed: 3, assigned: 1, new: 1, rejected: 1, merged: 2 });
  });

  it('measures the clocks on the official calendar', async () => {
    const f = await computeFigures(q, parseStatsPeriod('2019-10'), ctx);
    // Same-day assignment. Counted: every case assigned (a, b, c, h) plus d, still new after its
    // due day; e was rejected and f, g merged before any assignment.
    //   a: received 1 Oct (holiday) → due 8 Oct, assigned 8 Oct: on time
    //   b: received Sat 12 Oct 16:00, a make-up working day → due 12 Oct, assigned 14 Oct: late
    //   c: received 15 Oct 18:00, after the 17:30 cut-off → due 16 Oct, assigned 16 Oct: on time
    //   h: received Thu 31 Oct 20:00 → due Fri 1 Nov, assigned 1 Nov: on time
    //   d: due 17 Oct, never assigned: late            → 3 of 5 = 60 %
    expect(f.assignedSameDay).toEqual({ n: 3, of: 5, pct: 60 });
    // Feedback by the deadline: a 14 ≤ 15 Oct ✓; b first feedback 21 > 18 Oct ✗; c none, deadline
    // 20 Oct passed ✗; h 5 ≤ 8 Nov ✓                 → 2 of 4
    expect(f.feedbackOnTime).toEqual({ n: 2, of: 4, pct: 50 });
    // Closed (销号): a, b, h of the 6 cases that are not merged.
    expect(f.closed).toEqual({ n: 3, of: 6, pct: 50 });
    // Re-checks: a pass; b fail then pass; h pass → 3 of 4.
    expect(f.recheckPass).toEqual({ n: 3, of: 4, pct: 75 });
    // Working days to close: a 1→16 Oct: 8, 9, 10, 11, 12 (Sat, worked), 14, 15, 16 = 8;
    // b 12→25 Oct: 14–18, 21–25 = 10; h 31 Oct→6 Nov: 1, 4, 5, 6 = 4. Median of 4, 8, 10 = 8.
    expect(f.medianWorkingDaysToClose).toBe(8);
    expect(f.repeatReports).toBe(2);
    expect(f.rejected).toBe(1);
  });

  it('gives each handling unit and each town its own figures', async () => {
    const f = await computeFigures(q, parseStatsPeriod('2019-10'), ctx);
    expect(f.units).toEqual([
      // b: accepted on time; first feedback late; one failed re-check, then closed.
      {
        unit: 'department:sthj',
        assigned: 1,
        acceptedLate: 0,
        feedbackOnTime: 0,
        feedbackLate: 1,
        recheckPassed: 1,
        recheckFailedCases: 1,
        closed: 1,
        overdueOpen: 0,
      },
      // a: all on time, closed. c: never accepted (due 16 Oct), no feedback by 20 Oct, still open.
      {
        unit: `town:${A}`,
        assigned: 2,
        acceptedLate: 1,
        feedbackOnTime: 1,
        feedbackLate: 1,
        recheckPassed: 1,
        recheckFailedCases: 0,
        closed: 1,
        overdueOpen: 1,
      },
      {
        unit: `town:${B}`,
        assigned: 1,
        acceptedLate: 0,
        feedbackOnTime: 1,
        feedbackLate: 0,
        recheckPassed: 1,
        recheckFailedCases: 0,
        closed: 1,
        overdueOpen: 0,
      },
    ]);
    const towns = Object.fromEntries(f.towns.map((t) => [t.town, t]));
    // Town A: a, b, c not found by the grid (e rejected, f, g merged); c was reported three
    // times (f, g merged into it) and is still open.
    expect(towns[A]).toEqual({ town: A, received: 6, notFoundByGrid: 3, repeatUnresolved: 1, closed: 2 });
    // Town B: d came from a patrol; h from the media.
    expect(towns[B]).toEqual({ town: B, received: 2, notFoundByGrid: 1, repeatUnresolved: 0, closed: 1 });
  });

  it('sums a quarter over its months', async () => {
    const f = await computeFigures(q, parseStatsPeriod('2019Q4'), ctx);
    expect(f.received).toBe(9);
    expect(f.byMonth).toEqual({ '2019-10': 8, '2019-11': 1 });
    // i: received Fri 1 Nov 00:10, due that day, never assigned.
    expect(f.assignedSameDay).toEqual({ n: 3, of: 6, pct: 50 });
    const sep = await computeFigures(q, parseStatsPeriod('2019Q3'), ctx);
    expect(sep.received).toBe(1);
    expect(sep.assignedSameDay).toEqual({ n: 0, of: 1, pct: 0 });
  });

  it('gives empty rates, not zeros, for a period without cases', async () => {
    const f = await computeFigures(q, parseStatsPeriod('2018-01'), ctx);
    expect(f.received).toBe(0);
    expect(f.closed).toEqual({ n: 0, of: 0, pct: null });
    expect(f.medianWorkingDaysToClose).toBeNull();
  });
});

describe('a case taken through the real case desk today', () => {
  it('is counted as the API recorded it', async () => {
    const cast = staffOf('stats');
    await seedCast(cast);
    const code = await fileComplaint();
    expect(
      (await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() })).status,
    ).toBe(200);
    expect((await act(cast.town, code, { action: 'accept' })).status).toBe(200);
    expect((await act(cast.town, code, { action: 'feedback', internalNote: '已整改' })).status).toBe(200);
    expect((await act(cast.office, code, { action: 'verify', outcome: 'pass' })).status).toBe(200);
    const now = todayInChina();
    const f = await computeFigures(q, parseStatsPeriod(now.slice(0, 7)), { ...ctx, today: now });
    expect(f.received).toBe(1);
    expect(f.assignedSameDay).toEqual({ n: 1, of: 1, pct: 100 });
    expect(f.feedbackOnTime).toEqual({ n: 1, of: 1, pct: 100 });
    expect(f.closed).toEqual({ n: 1, of: 1, pct: 100 });
    expect(f.recheckPass).toEqual({ n: 1, of: 1, pct: 100 });
    expect(f.medianWorkingDaysToClose).toBe(0);
    expect(f.units.map((u) => [u.unit, u.assigned, u.acceptedLate, u.closed])).toEqual([[`town:${town.id}`, 1, 0, 1]]);
  });
});
