/**
 * Times as people in the district read them. China keeps UTC+8 all year (no
 * daylight saving), so Beijing time is a fixed offset and needs no time-zone
 * database.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const CHINA_OFFSET_HOURS = 8;
export const CHINA_OFFSET_MS = CHINA_OFFSET_HOURS * 3600_000;
/** The same offset as ISO 8601 writes it (`+08:00`), for times written without one. */
export const CHINA_OFFSET_ISO = `+${pad(CHINA_OFFSET_HOURS)}:00`;

/** `2026-11-26T06:05:00Z` → `2026年11月26日 14:05` (Beijing time); the input back if it is not a date. */
export function formatChinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
