/**
 * Complaint intake settings read from the Worker's vars and secrets, with the
 * safe defaults documented in docs/complaints.md.
 */

export interface IntakeConfig {
  /** Accepted complaints per client within the window. */
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  /** Turnstile secret; undefined = no Turnstile check. */
  turnstileSecret: string | undefined;
  /** Turnstile site key for the form widget; undefined = no widget. */
  turnstileSiteKey: string | undefined;
  ipHashSalt: string;
}

export const DEFAULT_RATE_LIMIT_MAX = 5;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 600;
/**
 * Used when IP_HASH_SALT is not set (local runs and tests). In production set
 * a long random secret, so nobody holding the database can test guessed
 * addresses against the stored hashes.
 */
export const LOCAL_IP_HASH_SALT = 'envgrid-local-ip-salt';

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The intake settings from the environment (unset or invalid numbers fall back to the defaults). */
export function intakeConfig(env: Partial<Env>): IntakeConfig {
  return {
    rateLimitMax: positiveInt(env.RATE_LIMIT_MAX, DEFAULT_RATE_LIMIT_MAX),
    rateLimitWindowSeconds: positiveInt(env.RATE_LIMIT_WINDOW_SECONDS, DEFAULT_RATE_LIMIT_WINDOW_SECONDS),
    turnstileSecret: env.TURNSTILE_SECRET_KEY || undefined,
    turnstileSiteKey: env.TURNSTILE_SITE_KEY || undefined,
    ipHashSalt: env.IP_HASH_SALT || LOCAL_IP_HASH_SALT,
  };
}

/** The rate-limit window in whole minutes, for messages. */
export function windowMinutes(cfg: IntakeConfig): number {
  return Math.max(1, Math.ceil(cfg.rateLimitWindowSeconds / 60));
}
