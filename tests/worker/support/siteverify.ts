/**
 * A stand-in for Cloudflare's Turnstile siteverify endpoint, answering the
 * Worker's outbound requests in the worker test project (there is no network
 * here). It behaves as Cloudflare documents its test secret keys: the
 * "always passes" key accepts any token once (a second use of a token is
 * "timeout-or-duplicate" unless the same idempotency_key is sent), the
 * "always fails" key rejects every token, and the "token already spent" key
 * answers as for a reused token. Any other request gets 502, so a test can
 * never reach the internet by accident. A passing answer names the host and
 * action a real widget on the site the tests build would (SITE_URL's default
 * host, `localhost`) and `complaint`,
 * unless the token says otherwise (`host=evil.example;…`, `action=login;…`).
 */
import { Response, type Request } from 'miniflare';

import { BROKEN_SECRET, SITEVERIFY, TURNSTILE_TEST_SECRETS } from './turnstile-keys.ts';

const used = new Map<string, string | null>();

export async function fakeSiteverify(request: Request): Promise<Response> {
  if (request.url !== SITEVERIFY || request.method !== 'POST')
    return new Response(`no network in tests: ${request.method} ${request.url}`, { status: 502 });
  const form = new URLSearchParams(await request.text());
  const secret = form.get('secret');
  const token = form.get('response');
  const idem = form.get('idempotency_key');
  const claims = Object.fromEntries(
    (token ?? '')
      .split(';')
      .map((part) => part.split('='))
      .filter((kv) => kv.length === 2),
  ) as Record<string, string>;
  const hostname = claims.host ?? 'localhost';
  const action = claims.action ?? 'complaint';
  const json = (success: boolean, codes: string[] = []) =>
    new Response(JSON.stringify({ success, 'error-codes': codes, hostname, action }), {
      headers: { 'content-type': 'application/json' },
    });
  if (secret === BROKEN_SECRET) return new Response('upstream error', { status: 500 });
  if (!secret) return json(false, ['missing-input-secret']);
  if (!token) return json(false, ['missing-input-response']);
  if (secret === TURNSTILE_TEST_SECRETS.fails) return json(false, ['invalid-input-response']);
  if (secret === TURNSTILE_TEST_SECRETS.spent) return json(false, ['timeout-or-duplicate']);
  if (secret !== TURNSTILE_TEST_SECRETS.passes) return json(false, ['invalid-input-secret']);
  if (used.has(token) && (idem === null || used.get(token) !== idem)) return json(false, ['timeout-or-duplicate']);
  used.set(token, idem);
  return json(true);
}
