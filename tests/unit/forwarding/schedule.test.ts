import { describe, expect, it } from 'vitest';
import { RETRY_WINDOW_MS, nextAttemptAt, retryDelayMinutes } from '../../../functions/forwarding/schedule.ts';

describe('retry schedule', () => {
  it('waits 1, 2, 5, 15, 30, 60 minutes, then hourly', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMinutes)).toEqual([1, 2, 5, 15, 30, 60, 60, 60, 60]);
  });

  it('keeps retrying for 24 hours from the first attempt, then gives up', () => {
    const first = new Date('2026-11-26T00:00:00Z');
    const times = [first];
    let now = first;
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(attempts, first, now);
      if (!next) break;
      times.push(next);
      now = next;
    }
    const minutes = times.map((t) => (t.getTime() - first.getTime()) / 60_000);
    expect(minutes.slice(0, 8)).toEqual([0, 1, 3, 8, 23, 53, 113, 173]);
    // Hourly after that, the last one inside the window.
    expect(minutes.at(-1)).toBeLessThanOrEqual(24 * 60);
    expect(minutes.at(-1)! + 60).toBeGreaterThan(24 * 60);
    expect(times).toHaveLength(29);
  });

  it('measures the window from the first attempt, not from the last', () => {
    const first = new Date('2026-11-26T00:00:00Z');
    const late = new Date(first.getTime() + RETRY_WINDOW_MS - 30 * 60_000);
    expect(nextAttemptAt(20, first, late)).toBeUndefined();
    expect(nextAttemptAt(1, first, late)?.toISOString()).toBe('2026-11-26T23:31:00.000Z');
  });
});
