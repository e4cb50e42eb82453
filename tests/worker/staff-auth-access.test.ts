/**
 * `authenticateStaff` in Access mode (deployed settings) inside workerd: the
 * team's certs are served by an injected fetch (no network here), tokens are
 * real RS256 signatures. The local test key means nothing in this mode.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, type FetchImplementation, type JWK } from 'jose';
import { authenticateStaff } from '../../functions/staff/identity.ts';
import { signLocalAccessToken } from '../../functions/staff/local-access.ts';
import { seedStaff, staffToken } from '../support/staff-tokens.ts';

const TEAM = 'https://envgrid-test.cloudflareaccess.com';
const AUD = '4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2';
const deployed = { ...env, ENVGRID_ENV: undefined, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
const MEMBER = {
  email: 'dept.access@example.org',
  name: '示例·部门联络员',
  role: 'department',
  scope: 'sthj',
} as const;

let accessKey: JWK;
let fetched: string[] = [];
const certs: FetchImplementation = async (url) => {
  fetched.push(String(url));
  const pub = { ...accessKey };
  for (const k of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) delete pub[k];
  return new Response(JSON.stringify({ keys: [pub] }), { headers: { 'content-type': 'application/json' } });
};

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  accessKey = { ...(await exportJWK(privateKey)), kid: 'access-key-1', alg: 'RS256' };
  await seedStaff(env.DB, [MEMBER]);
});

const withToken = (token: string) =>
  new Request('https://envgrid.example.org/api/staff/me', { headers: { 'cf-access-jwt-assertion': token } });
const accessToken = (opts: { audience?: string; issuer?: string; now?: Date } = {}) =>
  signLocalAccessToken(accessKey, MEMBER.email, { issuer: TEAM, audience: AUD, ...opts });

describe('authenticateStaff with Cloudflare Access settings', () => {
  it('accepts a token from the team, fetching the keys from its certs endpoint', async () => {
    fetched = [];
    const result = await authenticateStaff(withToken(await accessToken()), deployed, { fetch: certs });
    expect(result).toEqual({ ok: true, staff: MEMBER });
    expect(fetched).toEqual([`${TEAM}/cdn-cgi/access/certs`]);
  });

  it('refuses the same key with another audience or issuer, and a token signed with the local test key', async () => {
    for (const token of [
      await accessToken({ audience: 'another-application-aud' }),
      await accessToken({ issuer: 'https://other-team.cloudflareaccess.com' }),
      await staffToken(MEMBER.email),
    ]) {
      const result = await authenticateStaff(withToken(token), deployed, { fetch: certs });
      expect(result).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('checks expiry against the injected clock', async () => {
    const token = await accessToken({ now: new Date('2026-12-01T00:00:00Z') });
    const later = new Date('2026-12-01T13:00:00Z'); // past the 12 hours the token lives
    const refused = await authenticateStaff(withToken(token), deployed, { fetch: certs, now: later });
    expect(refused).toMatchObject({ ok: false, status: 401, reason: 'token expired' });
    const inTime = await authenticateStaff(withToken(token), deployed, {
      fetch: certs,
      now: new Date('2026-12-01T01:00:00Z'),
    });
    expect(inTime.ok).toBe(true);
  });

  it('refuses a service token (no email) with 403', async () => {
    const { SignJWT, importJWK } = await import('jose');
    const token = await new SignJWT({ common_name: 'ci.access' })
      .setProtectedHeader({ alg: 'RS256', kid: accessKey.kid })
      .setIssuer(TEAM)
      .setAudience([AUD])
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importJWK(accessKey, 'RS256'));
    const result = await authenticateStaff(withToken(token), deployed, { fetch: certs });
    expect(result).toMatchObject({ ok: false, status: 403 });
  });
});
