/**
 * Display helpers for the complaint pages and their browser script: times in
 * the district's clock (China Standard Time) and the element a field's error
 * links to.
 */

const CST_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-26T06:05:00Z` → `2026年11月26日 14:05` (Beijing time). */
export function formatChinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + CST_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A `datetime-local` value (`2026-11-26T14:05`) for a moment, in Beijing time. */
export function chinaLocalInput(date: Date): string {
  const d = new Date(date.getTime() + CST_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * The id of the element an error about `field` links to: the field's control
 * (the first option of a radio group), the submit button for the honeypot
 * (which is never visible) and the widget for Turnstile.
 */
export function anchorOf(field: string): string {
  if (field === 'homepage') return 'f-submit';
  if (field === 'cf-turnstile-response') return 'f-turnstile';
  return `f-${field}`;
}
