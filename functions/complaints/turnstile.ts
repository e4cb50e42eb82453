/**
 * Cloudflare Turnstile server-side check (siteverify). Used only when the
 * secret TURNSTILE_SECRET_KEY is set. Tests run without network: the worker
 * test project answers requests to this URL with a stand-in that behaves like
 * Cloudflare's published test secret keys.
 */

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

export { TURNSTILE_FIELD } from '../../domain/complaint-rules.ts';

/** The widget's `data-action`; siteverify echoes it, so a token made for another form is refused. */
export const TURNSTILE_ACTION = 'complaint';

/** Longest token Cloudflare issues; anything longer is rejected without asking. */
const MAX_TOKEN = 2048;

export type TurnstileResult = 'passed' | 'failed' | 'unavailable';

/**
 * Verifies a widget token. 'failed' when the token is missing, invalid,
 * expired or already used, or was solved on another host or for another
 * action (a token farmed on a look-alike site); 'unavailable' when siteverify
 * cannot be reached or answers nonsense (the complaint is then not stored,
 * and the citizen is told to try again).
 */
export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  expect: { hostname: string; remoteIp: string | undefined; idempotencyKey?: string | null },
): Promise<TurnstileResult> {
  const { remoteIp, idempotencyKey } = expect;
  if (!token || token.length > MAX_TOKEN) return 'failed';
  const form = new URLSearchParams({ secret, response: token });
  if (remoteIp && remoteIp !== 'unknown') form.set('remoteip', remoteIp);
  // Lets a retried request re-verify the same token instead of failing as "already used".
  if (idempotencyKey) form.set('idempotency_key', idempotencyKey);
  try {
    const res = await fetch(SITEVERIFY_URL, { method: 'POST', body: form, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return 'unavailable';
    const body = (await res.json()) as { success?: unknown; hostname?: unknown; action?: unknown };
    if (typeof body.success !== 'boolean') return 'unavailable';
    if (!body.success) return 'failed';
    return body.hostname === expect.hostname && body.action === TURNSTILE_ACTION ? 'passed' : 'failed';
  } catch {
    return 'unavailable';
  }
}
