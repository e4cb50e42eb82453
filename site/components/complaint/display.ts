/**
 * Display helpers for the complaint pages and their browser script: times in
 * the district's clock (China Standard Time) and the element a field's error
 * links to.
 */

import { CHINA_OFFSET_MS as CST_MS, formatChinaTime } from '../../../domain/time.ts';
import { HONEYPOT_FIELD, TURNSTILE_FIELD } from '../../../domain/complaint-rules.ts';

// The display format is shared with forwarded complaints (functions/forwarding), so it lives in domain/.
export { formatChinaTime };

const pad = (n: number) => String(n).padStart(2, '0');

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
  if (field === HONEYPOT_FIELD) return 'f-submit';
  if (field === TURNSTILE_FIELD) return 'f-turnstile';
  return `f-${field}`;
}
