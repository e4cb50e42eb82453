/**
 * Staff identity on /api/staff/*: real tokens (RS256, verified by jose in the
 * Worker against the test key set), a real D1 directory, the real app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { createApi } from '../../functions/app.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/staff/local-access.ts';
import { seedStaff, staffHeaders, staffToken } from '../support/staff-tokens.ts';

const OFFICE = { email: 'office.auth@example.org', name: '示例·区网格办', role: 'office', scope: null } as const;
const TOWN = { email: 'town.auth@example.org', name: '示例·街道网格办', role: 'town', scope: 'jiedao' } as const;
const GONE = {
  email: 'gone.auth@example.org',
  name: '示例·已移出',
  role: 'viewer',
  scope: null,
  removed: true,
} as const;

const me = (headers: Record<string, string> = {}) => exports.default.fetch('http://x/api/staff/me', { headers });

beforeAll(async () => {
  await seedStaff(env.DB, [OFFICE, TOWN, GONE]);
});

describe('GET /api/staff/me', () => {
  it('answers a directory member with a valid token (header), with their role and scope', async () => {
    const res = await me(await staffHeaders(TOWN.email));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ staff: { email: TOWN.email, name: TOWN.name, role: 'town', scope: 'jiedao' } });
  });

  it('takes the token from the CF_Authorization cookie too, and matches the email case-insensitively', async () => {
    const token = await staffToken(OFFICE.email.toUpperCase());
    const res = await me({ cookie: `theme=dark; CF_Authorization=${token}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { staff: { email: string } }).staff.email).toBe(OFFICE.email);
  });

  const refused: [string, () => Promise<Record<string, string>>][] = [
    ['missing', async () => ({})],
    ['forged (signed with another key)', () => staffHeaders(OFFICE.email, { wrongKey: true })],
    ['expired', () => staffHeaders(OFFICE.email, { expired: true })],
    ['for another audience', () => staffHeaders(OFFICE.email, { audience: 'another-app-aud' })],
    ['from another issuer', () => staffHeaders(OFFICE.email, { issuer: 'https://evil.cloudflareaccess.com' })],
    ['malformed', async () => ({ 'cf-access-jwt-assertion': 'not.a.jwt' })],
    ['empty cookie', async () => ({ cookie: 'CF_Authorization=' })],
    [
      'unsigned (alg none)',
      async () => {
        const [, payload] = (await staffToken(OFFICE.email)).split('.');
        const header = btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '');
        return { 'cf-access-jwt-assertion': `${header}.${payload}.` };
      },
    ],
    [
      'with a tampered payload (email swapped)',
      async () => {
        const [h, , s] = (await staffToken(TOWN.email)).split('.');
        const body = { email: OFFICE.email, iss: LOCAL_ISSUER, aud: [LOCAL_AUDIENCE], iat: 1, exp: 4102444800 };
        const p = btoa(JSON.stringify(body)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
        return { 'cf-access-jwt-assertion': `${h}.${p}.${s}` };
      },
    ],
  ];
  for (const [what, headers] of refused) {
    it(`refuses a ${what} token with 401 and leaks nothing`, async () => {
      const res = await me(await headers());
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatch(/请先/);
      expect(JSON.stringify(body)).not.toMatch(/office\.auth|expired|signature|audience|aud|iss/);
    });
  }

  it('refuses a valid token for an unknown email with 403', async () => {
    const res = await me(await staffHeaders('stranger@example.org'));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/名录/) });
  });

  it('refuses a removed member with 403, though the row stays', async () => {
    const res = await me(await staffHeaders(GONE.email));
    expect(res.status).toBe(403);
    const row = await env.DB.prepare('SELECT removed_at FROM staff WHERE email = ?1').bind(GONE.email).first();
    expect(row?.removed_at).toEqual(expect.any(String));
  });

  it('protects every path under /api/staff, also ones that do not exist', async () => {
    for (const path of ['/api/staff', '/api/staff/', '/api/staff/anything/else']) {
      const res = await exports.default.fetch(`http://x${path}`, { method: 'POST' });
      expect(res.status, path).toBe(401);
    }
  });
});

describe('fail closed when deployed without Access settings', () => {
  const deployed = { ...env, ENVGRID_ENV: undefined, ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: '' };

  it('answers 503 to everyone, even with a token that verifies locally', async () => {
    const api = createApi();
    for (const init of [{}, { headers: await staffHeaders(OFFICE.email) }]) {
      const res = await api.request('/api/staff/me', init, deployed);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/尚未配置/) });
    }
  });

  it('answers 503 with only one of the two settings, or a team domain that is not https', async () => {
    const api = createApi();
    const partial = [
      { ACCESS_TEAM_DOMAIN: 'https://envgrid.cloudflareaccess.com', ACCESS_AUD: '' },
      { ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: 'a'.repeat(64) },
      { ACCESS_TEAM_DOMAIN: 'http://envgrid.cloudflareaccess.com', ACCESS_AUD: 'a'.repeat(64) },
    ];
    for (const vars of partial) {
      const res = await api.request(
        '/api/staff/me',
        { headers: await staffHeaders(OFFICE.email) },
        { ...deployed, ...vars },
      );
      expect(res.status).toBe(503);
    }
  });

  it('does not trust the local key set unless ENVGRID_ENV is exactly "local"', async () => {
    const api = createApi();
    for (const ENVGRID_ENV of ['Local', 'production', 'local ']) {
      const res = await api.request(
        '/api/staff/me',
        { headers: await staffHeaders(OFFICE.email) },
        { ...env, ENVGRID_ENV },
      );
      expect(res.status).toBe(503);
    }
  });

  it('answers 503 locally when ACCESS_LOCAL_JWKS is not a key set', async () => {
    const res = await createApi().request(
      '/api/staff/me',
      { headers: await staffHeaders(OFFICE.email) },
      { ...env, ACCESS_LOCAL_JWKS: '{"keys": "nope"' },
    );
    expect(res.status).toBe(503);
  });
});

describe('same-origin guard for staff posts', () => {
  const post = async (headers: Record<string, string>) =>
    exports.default.fetch('http://x/api/staff/me', {
      method: 'POST',
      headers: { ...(await staffHeaders(OFFICE.email)), ...headers },
      body: 'a=1',
    });

  it('refuses cross-site and same-site form posts and form posts without Origin', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const refused: Record<string, string>[] = [
      { ...form, 'sec-fetch-site': 'cross-site' },
      { ...form, 'sec-fetch-site': 'same-site' },
      { ...form, origin: 'http://evil.example' },
      form,
      { 'content-type': 'text/plain', origin: 'null' },
    ];
    for (const h of refused) {
      const res = await post(h);
      expect(res.status, JSON.stringify(h)).toBe(403);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/其他网站/) });
    }
  });

  it('lets same-origin posts and header-less JSON (scripts) through to the route', async () => {
    const passing: Record<string, string>[] = [
      { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://x' },
      { 'content-type': 'application/json' },
    ];
    for (const h of passing) {
      // No POST route at /me: reaching the router's 404 proves the guard let it pass.
      const res = await post(h);
      expect(res.status, JSON.stringify(h)).toBe(404);
    }
  });
});
