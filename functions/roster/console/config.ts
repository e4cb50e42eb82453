/** Roster console settings (wrangler.toml `[vars]`). */

/**
 * Whether an office member's own proposal needs a second office member's approval
 * (ROSTER_SECOND_APPROVAL, default on; "off", "false", "0" or "no" turn it off).
 */
export function secondApproval(env: Env): boolean {
  const v = (env.ROSTER_SECOND_APPROVAL ?? '').trim().toLowerCase();
  return !['off', 'false', '0', 'no'].includes(v);
}
