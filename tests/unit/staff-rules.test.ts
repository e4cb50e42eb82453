/** The small rules around staff sign-in that hold no matter how the Worker runs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../functions/staff/local-access.ts';
import { isGuardedStaffPath, staffNext } from '../../functions/services/staff.ts';

describe('wrangler.toml', () => {
  const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  it('never turns on local sign-in for a deployed Worker', () => {
    expect(toml).not.toMatch(/^\s*(ENVGRID_ENV|ACCESS_LOCAL_JWKS|ACCESS_LOCAL_PRIVATE_JWK)\s*=/m);
  });
  it('declares the Access settings, empty (so a deploy without them fails closed)', () => {
    expect(toml).toMatch(/^ACCESS_TEAM_DOMAIN = ""$/m);
    expect(toml).toMatch(/^ACCESS_AUD = ""$/m);
  });
});

describe('isLoopbackHost', () => {
  it('accepts only loopback names and addresses', () => {
    for (const h of ['localhost', 'LOCALHOST', 'staff.localhost', '127.0.0.1', '127.8.9.10', '[::1]']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['envgrid.example.org', 'localhost.example.org', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0', '']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe('isGuardedStaffPath', () => {
  it('guards /staff and everything under it except sign-in and sign-out', () => {
    for (const p of ['/staff', '/staff/', '/staff/account/', '/staff/cases/X8CH', '/staff/sign-in/extra']) {
      expect(isGuardedStaffPath(p), p).toBe(true);
    }
    for (const p of ['/staff/sign-in/', '/staff/sign-in', '/staff/sign-out', '/', '/staffing/', '/complaint/']) {
      expect(isGuardedStaffPath(p), p).toBe(false);
    }
  });
});

describe('staffNext', () => {
  it('keeps paths under /staff/ and sends everything else to /staff/ (no open redirect)', () => {
    expect(staffNext('/staff/account/')).toBe('/staff/account/');
    expect(staffNext('/staff/cases/?status=assigned')).toBe('/staff/cases/?status=assigned');
    for (const bad of [null, '', 'https://evil.example/', '//evil.example/staff/', '/staff//evil.example', '/\\evil']) {
      expect(staffNext(bad), String(bad)).toBe('/staff/');
    }
  });
});

describe('inlineTextParams (npm run staff -- --remote)', () => {
  it('inlines any text as a hex literal, so quotes cannot end it, and NULL as NULL', async () => {
    const { inlineTextParams } = await import('../../scripts/lib/d1.ts');
    const sql = inlineTextParams('INSERT INTO t VALUES (?1, ?2)', ["示例' OR '1'='1", null]);
    expect(sql).toBe(`INSERT INTO t VALUES (CAST(X'${Buffer.from("示例' OR '1'='1").toString('hex')}' AS TEXT), NULL)`);
    expect(sql.match(/'/g)).toHaveLength(2);
    expect(() => inlineTextParams('SELECT ?3', ['a'])).toThrow(/missing SQL parameter \?3/);
  });
});
