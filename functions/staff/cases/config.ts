/** Case desk settings (wrangler.toml `[vars]`). */
import { parseCutoff } from '../../../domain/cases/clocks.ts';
import { parseDuplicateWindow } from '../../../domain/cases/duplicates.ts';

/** The same-day assignment cut-off, `HH:MM` Beijing time (CASE_ASSIGN_CUTOFF, default 17:30). */
export function assignCutoff(env: Env): string {
  return parseCutoff(env.CASE_ASSIGN_CUTOFF);
}

/** Days within which same-village, same-category, same-place-type reports count as duplicates (DUPLICATE_WINDOW_DAYS, default 30). */
export function duplicateWindow(env: Env): number {
  return parseDuplicateWindow(env.DUPLICATE_WINDOW_DAYS);
}
