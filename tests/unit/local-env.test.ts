import { describe, expect, it } from 'vitest';
import { dotenvLine } from '../../scripts/lib/local-env.ts';

describe('the local env file', () => {
  it('writes JSON values so that dotenv reads them back unchanged (no escapes inside single quotes)', () => {
    const jwks = JSON.stringify({ keys: [{ kty: 'RSA', n: 'x-y_z', e: 'AQAB' }] });
    expect(dotenvLine('ACCESS_LOCAL_JWKS', jwks)).toBe(`ACCESS_LOCAL_JWKS='${jwks}'`);
    expect(dotenvLine('A', "it's")).toBe("A=`it's`");
    expect(dotenvLine('A', 'plain')).toBe("A='plain'");
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => dotenvLine('A', 'two\nlines')).toThrow(/line break/);
    expect(() => dotenvLine('A', `'\`"`)).toThrow(/quote/);
    expect(() => dotenvLine('a-b', 'x')).toThrow(/not a variable name/);
  });
});
