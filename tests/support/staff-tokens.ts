/**
 * Staff tokens and directory rows for tests (workerd and Node alike). Tokens
 * are real RS256 signatures, verified by the Worker with the same code path
 * as production; negative options produce the tokens it must refuse.
 */
import { generateKeyPair, exportJWK, type JWK } from 'jose';
import type { StaffMember } from '../../functions/staff/identity.ts';
import { runBatch, upsertStatements, removeStatements } from '../../functions/staff/directory.ts';
import { signLocalAccessToken } from '../../functions/staff/local-access.ts';
import { TEST_STAFF_PRIVATE_JWK } from './staff-test-key.ts';

export interface StaffTokenOptions {
  /** Signing time (default now). */
  now?: Date;
  /** Already expired at `now` (issued two hours earlier for one hour). */
  expired?: boolean;
  /** Another `aud` than the Worker expects. */
  audience?: string;
  /** Another `iss` than the Worker expects. */
  issuer?: string;
  /** Signed with a freshly made key the Worker does not know (a forgery), with the test key's `kid`. */
  wrongKey?: boolean;
  ttlSeconds?: number;
}

let forgeryKey: Promise<JWK> | undefined;
/** A key pair made once per test file; its `kid` mimics the real one, as a forger's would. */
function otherKey(): Promise<JWK> {
  forgeryKey ??= generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey }) => ({
    ...(await exportJWK(privateKey)),
    kid: TEST_STAFF_PRIVATE_JWK.kid,
    alg: 'RS256',
  }));
  return forgeryKey;
}

/** A token for `email` as the local Access stand-in signs it; see the options for broken ones. */
export async function staffToken(email: string, opts: StaffTokenOptions = {}): Promise<string> {
  const key = opts.wrongKey ? await otherKey() : TEST_STAFF_PRIVATE_JWK;
  const now = opts.now ?? new Date();
  return signLocalAccessToken(key, email, {
    now: opts.expired ? new Date(now.getTime() - 2 * 3600_000) : now,
    ttlSeconds: opts.expired ? 3600 : opts.ttlSeconds,
    audience: opts.audience,
    issuer: opts.issuer,
  });
}

/** Request headers carrying a staff token the way Access forwards it. */
export async function staffHeaders(email: string, opts?: StaffTokenOptions): Promise<Record<string, string>> {
  return { 'cf-access-jwt-assertion': await staffToken(email, opts) };
}

export type SeedMember = StaffMember & { removed?: boolean };

/** Writes directory rows (with their audit lines) as `npm run staff -- add/remove` would. */
export async function seedStaff(db: D1Database, members: SeedMember[]): Promise<void> {
  const at = new Date().toISOString();
  for (const { removed, ...m } of members) {
    const email = m.email.toLowerCase();
    const statements = upsertStatements({ ...m, email }, 'add', 'test', at);
    if (removed) statements.push(...removeStatements(email, 'test', at));
    await runBatch(db, statements);
  }
}
