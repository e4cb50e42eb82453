/**
 * Staff identity: who is calling a /staff/ page or /api/staff/ route.
 *
 * Cloudflare Access signs a JWT for every request it lets through (header
 * `Cf-Access-Jwt-Assertion`, cookie `CF_Authorization`). The Worker does not
 * trust Access blindly: it verifies that token itself (RS256, issuer = the
 * team domain, audience = the application's AUD tag, keys from the team's
 * certs endpoint) and then looks the email up in the `staff` table, so a
 * person Access lets in but the directory does not know gets nothing.
 * Locally the same `jwtVerify` runs against a local public key set.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { ACCESS_COOKIE, ACCESS_HEADER, LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-access.ts';

/** Roles in the staff directory (see docs/staff.md). */
export type StaffRole = 'office' | 'town' | 'department' | 'viewer' | 'grid';
export const STAFF_ROLES = ['office', 'town', 'department', 'viewer', 'grid'] as const satisfies readonly StaffRole[];

/** One member of the staff directory, as the Worker knows the caller. */
export interface StaffMember {
  email: string;
  name: string;
  role: StaffRole;
  /**
   * A town id for `town`, a department id for `department`, a roster person for `grid`
   * (domain/grid-scope.ts), null otherwise.
   */
  scope: string | null;
}

export type StaffAuthResult = { ok: true; staff: StaffMember } | { ok: false; status: 401 | 403; reason: string };

/** How tokens are checked: the key set plus the issuer and audience they must carry. */
export interface AccessVerifier {
  mode: 'access' | 'local';
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

/** Test and tooling hooks; production calls use none of them. */
export interface AuthenticateOptions {
  /** The time tokens are checked at (expiry, not-before). */
  now?: Date;
  /** Fetch used for the team's certs endpoint (a stand-in in tests; there is no network here). */
  fetch?: FetchImplementation;
}

/** Access rotates its signing keys every six weeks; between fetches keys stay cached in the isolate. */
const CERTS_CACHE_MS = 10 * 60_000;
/** An unknown `kid` refetches the certs at most this often, so forged kids cannot flood the team's endpoint. */
const CERTS_COOLDOWN_MS = 30_000;

const remoteSets = new Map<string, JWTVerifyGetKey>();
const localSets = new Map<string, JWTVerifyGetKey | null>();

/**
 * The team's key set (`${teamDomain}/cdn-cgi/access/certs`), cached per isolate
 * and refetched when a token names a `kid` it does not hold.
 */
export function accessKeySet(
  teamDomain: string,
  opts: { fetch?: FetchImplementation; cooldownMs?: number; cacheMs?: number } = {},
): JWTVerifyGetKey {
  const url = new URL('/cdn-cgi/access/certs', teamDomain);
  const key = url.href;
  // A custom fetch (tests) gets its own set, so it never shares a cache with production calls.
  if (!opts.fetch && remoteSets.has(key)) return remoteSets.get(key)!;
  const set = createRemoteJWKSet(url, {
    cooldownDuration: opts.cooldownMs ?? CERTS_COOLDOWN_MS,
    cacheMaxAge: opts.cacheMs ?? CERTS_CACHE_MS,
    ...(opts.fetch ? { [customFetch]: opts.fetch } : {}),
  });
  if (!opts.fetch) remoteSets.set(key, set);
  return set;
}

function localKeySet(json: string): JWTVerifyGetKey | null {
  if (!localSets.has(json)) {
    let set: JWTVerifyGetKey | null = null;
    try {
      set = createLocalJWKSet(JSON.parse(json) as JSONWebKeySet);
    } catch {
      set = null;
    }
    localSets.set(json, set);
  }
  return localSets.get(json)!;
}

/** True when the Worker runs under `npm start` or the tests (never when deployed). */
export function isLocalEnv(env: Env): boolean {
  return env.ENVGRID_ENV === 'local';
}

/** The team domain as an origin (`https://<team>.cloudflareaccess.com`), or null if it is not one. */
function teamOrigin(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'https:' || u.username || u.password || (u.pathname !== '/' && u.pathname !== '')) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * How this Worker verifies staff tokens, or `{ error }` when it cannot: then
 * staff routes must refuse everyone (fail closed). Deployed, that needs
 * `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD`; locally (`ENVGRID_ENV=local`) a valid
 * `ACCESS_LOCAL_JWKS`.
 */
export function accessVerifier(env: Env, opts: AuthenticateOptions = {}): AccessVerifier | { error: string } {
  if (isLocalEnv(env)) {
    const keys = env.ACCESS_LOCAL_JWKS ? localKeySet(env.ACCESS_LOCAL_JWKS) : null;
    if (!keys) return { error: 'ENVGRID_ENV=local but ACCESS_LOCAL_JWKS is missing or not a JWK set' };
    return { mode: 'local', keys, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
  }
  const issuer = teamOrigin(env.ACCESS_TEAM_DOMAIN);
  const audience = env.ACCESS_AUD?.trim();
  if (!issuer || !audience) {
    return { error: 'ACCESS_TEAM_DOMAIN (https://<team>.cloudflareaccess.com) and ACCESS_AUD must both be set' };
  }
  return { mode: 'access', keys: accessKeySet(issuer, { fetch: opts.fetch }), issuer, audience };
}

/** The Access token of a request: the header Access adds, else the cookie it sets. */
export function accessToken(request: Request): string | null {
  const header = request.headers.get(ACCESS_HEADER)?.trim();
  if (header) return header;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === ACCESS_COOKIE) {
      const value = part.slice(eq + 1).trim();
      if (value) return value;
    }
  }
  return null;
}

/** Why a token was refused, for the log line (never shown to the caller). */
function refusal(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `token claim "${e.claim}" refused (${e.reason})`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'token signature does not verify';
  if (e instanceof errors.JWKSNoMatchingKey) return 'token signed with an unknown key';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (e instanceof errors.JOSEError) return `token refused: ${e.code}`;
  return `token check failed: ${e instanceof Error ? e.message : String(e)}`;
}

const STAFF_SQL = 'SELECT email, name, role, scope FROM staff WHERE email = ?1 AND removed_at IS NULL';

/** The active directory member with this email (lower-cased), or null if unknown or removed. */
export async function findStaff(db: D1Database, email: string): Promise<StaffMember | null> {
  return db.prepare(STAFF_SQL).bind(email.trim().toLowerCase()).first<StaffMember>();
}

/**
 * Verifies the request's Access token and looks its email up in the staff
 * directory. 401: no token, or one that does not verify (forged, expired,
 * another issuer or audience, malformed). 403: a valid token for someone who
 * is not (or no longer) staff, or staff sign-in not configured (callers answer
 * that case 503 first, see `requireStaff`).
 */
export async function authenticateStaff(
  request: Request,
  env: Env,
  opts: AuthenticateOptions = {},
): Promise<StaffAuthResult> {
  const verifier = accessVerifier(env, opts);
  if ('error' in verifier) return { ok: false, status: 403, reason: `staff sign-in not configured: ${verifier.error}` };
  const token = accessToken(request);
  if (!token) return { ok: false, status: 401, reason: 'no Access token' };
  let email: unknown;
  try {
    const { payload } = await jwtVerify(token, verifier.keys, {
      issuer: verifier.issuer,
      audience: verifier.audience,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat'],
      currentDate: opts.now,
    });
    email = payload.email;
  } catch (e) {
    return { ok: false, status: 401, reason: refusal(e) };
  }
  // Access service tokens carry `common_name` instead of an email: they are not staff members.
  if (typeof email !== 'string' || !email.includes('@')) {
    return { ok: false, status: 403, reason: 'token has no email (a service token?)' };
  }
  const staff = await findStaff(env.DB, email);
  if (!staff) return { ok: false, status: 403, reason: `not in the staff directory or removed: ${email}` };
  return { ok: true, staff };
}
