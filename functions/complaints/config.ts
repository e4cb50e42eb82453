/**
 * Complaint intake settings read from the Worker's vars and secrets, with the
 * defaults documented in docs/complaints.md and docs/security.md.
 */

export interface IntakeConfig {
  /** Accepted complaints per client (IPv4 address or IPv6 /64) within the window. */
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  /** New complaints from everyone together per minute before intake answers 503. */
  globalPerMinute: number;
  /** Turnstile secret; undefined = no Turnstile check. */
  turnstileSecret: string | undefined;
  /** Turnstile site key for the form widget; undefined = no widget. */
  turnstileSiteKey: string | undefined;
  /**
   * Key of the client-address hash. Undefined when deployed without
   * IP_HASH_SALT: intake then refuses complaints (503) rather than store
   * hashes anyone could reverse with a public salt.
   */
  ipHashSalt: string | undefined;
  /** Whether this is a local run (`npm start`, tests: ENVGRID_ENV=local); never set when deployed. */
  local: boolean;
}

export const DEFAULT_RATE_LIMIT_MAX = 5;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 600;

/**
 * How many of the per-client limit wider networks get within the same window:
 * an IPv6 /48 (one site, 65,536 /64s) and a /32 (one provider's allocation);
 * shared IPv4 NAT counts as one client already. Figures in docs/security.md.
 */
export const WIDER_PREFIX_FACTORS = { 48: 4, 32: 20 } as const;
/**
 * New complaints from everyone together per minute before intake sheds load
 * with 503 (RATE_LIMIT_GLOBAL_PER_MINUTE): far above a district's real volume
 * (dozens a day), far below what D1 takes, so a flood from many addresses
 * costs one cheap statement per request and never fills the ledger.
 */
export const DEFAULT_GLOBAL_PER_MINUTE = 600;
/** Status lookups per client per minute (`GET /api/complaints/{code}`, the status page): generous for people. */
export const LOOKUPS_PER_MINUTE = 60;

// Local runs without a salt (an old `.wrangler/state`, a bare `wrangler dev`) get one per isolate:
// never a constant anyone can read in this source.
let localSalt: string | undefined;
function perIsolateSalt(): string {
  localSalt ??= crypto.randomUUID() + crypto.randomUUID();
  return localSalt;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** True for a local run: `npm start` and the tests set ENVGRID_ENV=local; a deployed Worker never has it. */
export function isLocal(env: Partial<Env>): boolean {
  return env.ENVGRID_ENV === 'local';
}

/** The intake settings from the environment (unset or invalid numbers fall back to the defaults). */
export function intakeConfig(env: Partial<Env>): IntakeConfig {
  const local = isLocal(env);
  return {
    rateLimitMax: positiveInt(env.RATE_LIMIT_MAX, DEFAULT_RATE_LIMIT_MAX),
    rateLimitWindowSeconds: positiveInt(env.RATE_LIMIT_WINDOW_SECONDS, DEFAULT_RATE_LIMIT_WINDOW_SECONDS),
    globalPerMinute: positiveInt(env.RATE_LIMIT_GLOBAL_PER_MINUTE, DEFAULT_GLOBAL_PER_MINUTE),
    turnstileSecret: env.TURNSTILE_SECRET_KEY || undefined,
    turnstileSiteKey: env.TURNSTILE_SITE_KEY || undefined,
    ipHashSalt: env.IP_HASH_SALT || (local ? perIsolateSalt() : undefined),
    local,
  };
}

/** The rate-limit window in whole minutes, for messages. */
export function windowMinutes(cfg: IntakeConfig): number {
  return Math.max(1, Math.ceil(cfg.rateLimitWindowSeconds / 60));
}
