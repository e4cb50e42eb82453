/**
 * The Cloudflare Access key set as the Worker fetches it, against a real HTTP
 * server on loopback standing in for `https://<team>.cloudflareaccess.com`
 * (there is no network here): cached between tokens, refetched when a token
 * names an unknown `kid` (key rotation), and not refetched again within the
 * cooldown, so random kids cannot make the Worker hammer the endpoint.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { accessKeySet } from '../../functions/staff/identity.ts';
import { signLocalAccessToken } from '../../functions/staff/local-access.ts';

const ISSUER = 'https://envgrid-test.cloudflareaccess.com';
const AUD = 'a3f1c0ffee0000000000000000000000000000000000000000000000000000aa';

async function keyPair(kid: string): Promise<{ pub: JWK; priv: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const meta = { kid, alg: 'RS256' };
  return { pub: { ...(await exportJWK(publicKey)), ...meta }, priv: { ...(await exportJWK(privateKey)), ...meta } };
}

let server: Server;
let origin: string;
let served: JWK[] = [];
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url !== '/cdn-cgi/access/certs') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const token = (priv: JWK) => signLocalAccessToken(priv, 'office@example.org', { issuer: ISSUER, audience: AUD });
const verify = (t: string, keys: ReturnType<typeof accessKeySet>) =>
  jwtVerify(t, keys, { issuer: ISSUER, audience: AUD, algorithms: ['RS256'] });

describe('accessKeySet', () => {
  it('fetches /cdn-cgi/access/certs once and serves later tokens from the cache', async () => {
    const a = await keyPair('kid-a');
    served = [a.pub];
    requests = [];
    const keys = accessKeySet(origin, { fetch: (url, init) => fetch(url, init) });
    for (let i = 0; i < 3; i++)
      expect((await verify(await token(a.priv), keys)).payload.email).toBe('office@example.org');
    expect(requests).toEqual(['/cdn-cgi/access/certs']);
  });

  it('refetches when a token names a kid it does not hold (key rotation) once the cooldown has passed', async () => {
    const a = await keyPair('kid-a');
    const b = await keyPair('kid-b');
    served = [a.pub];
    requests = [];
    const keys = accessKeySet(origin, { fetch: (url, init) => fetch(url, init), cooldownMs: 0 });
    await verify(await token(a.priv), keys);
    served = [a.pub, b.pub]; // Access publishes the next key
    expect((await verify(await token(b.priv), keys)).protectedHeader.kid).toBe('kid-b');
    expect(requests).toHaveLength(2);
  });

  it('does not refetch for an unknown kid within the cooldown, and refuses the token', async () => {
    const a = await keyPair('kid-a');
    const forged = await keyPair('kid-forged');
    served = [a.pub];
    requests = [];
    const keys = accessKeySet(origin, { fetch: (url, init) => fetch(url, init) });
    await verify(await token(a.priv), keys);
    for (let i = 0; i < 3; i++) {
      await expect(verify(await token(forged.priv), keys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    }
    expect(requests).toHaveLength(1);
  });

  it('refuses a token signed with another key under a kid the set holds', async () => {
    const a = await keyPair('kid-a');
    const impostor = await keyPair('kid-a');
    served = [a.pub];
    const keys = accessKeySet(origin, { fetch: (url, init) => fetch(url, init) });
    await expect(verify(await token(impostor.priv), keys)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('refuses every token while the certs endpoint fails', async () => {
    const keys = accessKeySet(`${origin}/`, { fetch: async () => new Response('down', { status: 502 }) });
    const a = await keyPair('kid-a');
    await expect(verify(await token(a.priv), keys)).rejects.toBeTruthy();
  });
});
