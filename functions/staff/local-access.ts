/**
 * Local stand-in for Cloudflare Access: the issuer and audience of tokens made
 * on a developer's machine (`npm start`, `npm run staff -- token`, the local
 * sign-in page) and in tests, and the one function that signs them. The Worker
 * verifies these tokens with exactly the same `jwtVerify` call as real Access
 * tokens, against the public key set in `ACCESS_LOCAL_JWKS`; it trusts that
 * set only when `ENVGRID_ENV` is "local", which nothing deployed ever sets.
 */
import { importJWK, SignJWT, type JWK } from 'jose';

/** `iss` of local tokens (Access uses the team domain, e.g. https://<team>.cloudflareaccess.com). */
export const LOCAL_ISSUER = 'http://localhost/envgrid-local-access';
/** `aud` of local tokens (Access uses the application's AUD tag). */
export const LOCAL_AUDIENCE = 'envgrid-local-staff';
/** Access tokens live for the application's session duration; local ones for 12 hours. */
export const LOCAL_TOKEN_TTL_SECONDS = 12 * 3600;
/** The cookie Cloudflare Access sets on the application's domain (and the local sign-in page sets). */
export const ACCESS_COOKIE = 'CF_Authorization';
/** The header Cloudflare Access adds to every request it lets through. */
export const ACCESS_HEADER = 'Cf-Access-Jwt-Assertion';

export interface LocalTokenOptions {
  /** Signing time; tokens are valid from then for `ttlSeconds`. Defaults to now. */
  now?: Date;
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
}

/**
 * Signs an Access-shaped token (RS256, `email`, `sub`, `iat`, `exp`, `iss`,
 * `aud` as an array, `kid` in the header) with a private RSA JWK.
 */
export async function signLocalAccessToken(
  privateJwk: JWK,
  email: string,
  opts: LocalTokenOptions = {},
): Promise<string> {
  const key = await importJWK(privateJwk, 'RS256');
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ email, type: 'app' })
    .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(opts.issuer ?? LOCAL_ISSUER)
    .setAudience([opts.audience ?? LOCAL_AUDIENCE])
    .setSubject(email)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (opts.ttlSeconds ?? LOCAL_TOKEN_TTL_SECONDS))
    .sign(key);
}

/**
 * True for a loopback host name (`localhost`, `*.localhost`, 127.0.0.0/8,
 * `[::1]`): the local sign-in page answers only there, so even a Worker
 * deployed by mistake with `ENVGRID_ENV=local` never offers it to the world.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]' || h === '::1';
}

/**
 * The Worker settings for local staff sign-in with a key pair: verify tokens
 * against its public half, sign them on the local sign-in page with the
 * private half. Passed by `npm start` (its own key) and the tests (the test key).
 */
export function localStaffVars(publicJwk: JWK, privateJwk: JWK) {
  return {
    ENVGRID_ENV: 'local',
    ACCESS_LOCAL_JWKS: JSON.stringify({ keys: [publicJwk] }),
    ACCESS_LOCAL_PRIVATE_JWK: JSON.stringify(privateJwk),
  };
}
