/**
 * Times as people in the district read them. China keeps UTC+8 all year (no
 * daylight saving), so Beijing time is a fixed offset and needs no time-zone
 * database.
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-11-26T06:05:09Z` → `2026年11月26日 14:05（北京时间）`; the input back if it is not a date. */
export function formatBeijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + BEIJING_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}（北京时间）`
  );
}
