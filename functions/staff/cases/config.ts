/** Case desk settings (wrangler.toml `[vars]`). */
import { parseCutoff } from '../../../domain/cases/clocks.ts';

/** The same-day assignment cut-off, `HH:MM` Beijing time (CASE_ASSIGN_CUTOFF, default 17:30). */
export function assignCutoff(env: Env): string {
  return parseCutoff(env.CASE_ASSIGN_CUTOFF);
}
