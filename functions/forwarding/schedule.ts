/**
 * The retry schedule. After the n-th failed attempt the next one is due
 * RETRY_DELAYS_MIN[n-1] minutes later (hourly once the list runs out), for
 * 24 hours from the first attempt; after that the delivery is dead.
 * The cron runs every minute, so a due delivery waits at most a minute more.
 */

export const RETRY_DELAYS_MIN = [1, 2, 5, 15, 30, 60] as const;
export const HOURLY_MIN = 60;
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Minutes to wait after the given number of failed attempts (1-based). */
export function retryDelayMinutes(failedAttempts: number): number {
  return RETRY_DELAYS_MIN[failedAttempts - 1] ?? HOURLY_MIN;
}

/**
 * When to try again after `attempts` failed attempts, the first at
 * `firstAttemptAt`; undefined when the next try would fall outside the
 * 24-hour window (the delivery is then dead).
 */
export function nextAttemptAt(attempts: number, firstAttemptAt: Date, now: Date): Date | undefined {
  const next = new Date(now.getTime() + retryDelayMinutes(attempts) * 60_000);
  return next.getTime() - firstAttemptAt.getTime() <= RETRY_WINDOW_MS ? next : undefined;
}
