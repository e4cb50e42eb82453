/**
 * Duplicate reports (并单 suggestions, 12345/12369 practice): complaints about
 * the same problem are those in the same village, of the same category and
 * place type, received within a window of each other (setting
 * DUPLICATE_WINDOW_DAYS, default 30 days). The SQL that finds them is in
 * functions/staff/cases/duplicates.ts; the window and the ranking are here.
 */

export const DEFAULT_DUPLICATE_WINDOW_DAYS = 30;

/** Reads the window setting: the default when empty, an error naming the setting when malformed. */
export function parseDuplicateWindow(value: string | undefined | null): number {
  const v = (value ?? '').trim();
  if (!v) return DEFAULT_DUPLICATE_WINDOW_DAYS;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 365) {
    throw new RangeError(`设置 DUPLICATE_WINDOW_DAYS 应是 1 到 365 之间的天数，如 30，现在是「${v}」`);
  }
  return n;
}

/** A candidate duplicate of a case. */
export interface DuplicateCandidate {
  receivedAt: string;
  /** Its own report plus those merged into it. */
  reports: number;
}

/** Days between two instants (absolute). */
export const daysApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

/**
 * Orders candidates, most likely first: the closest in time, then the one
 * already gathering more reports (the natural case to merge into), then the earlier.
 */
export function rankDuplicates<T extends DuplicateCandidate>(receivedAt: string, candidates: T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      daysApart(a.receivedAt, receivedAt) - daysApart(b.receivedAt, receivedAt) ||
      b.reports - a.reports ||
      a.receivedAt.localeCompare(b.receivedAt),
  );
}
