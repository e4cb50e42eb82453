/**
 * Cloudflare Turnstile server-side check (siteverify). Used only when the
 * secret TURNSTILE_SECRET_KEY is set. Tests run without network: the worker
 * test project answers requests to this URL with a stand-in that behaves like
 * Cloudflare's published test secret keys.
 */

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Form field the Turnstile widget adds; JSON clients send the token under the same name. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';

/** Longest token Cloudflare issues; anything longer is rejected without asking. */
const MAX_TOKEN = 2048;

export type TurnstileResult = 'passed' | 'failed' | 'unavailable';

/**
 * Verifies a widget token. 'failed' when the token is missing, invalid,
 * expired or already used; 'unavailable' when siteverify cannot be reached or
 * answers nonsense (the complaint is then not stored, and the citizen is told
 * to try again).
 */
export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  remoteIp: string | undefined,
  idempotencyKey?: string | null,
): Promise<TurnstileResult> {
  if (!token || token.length > MAX_TOKEN) return 'failed';
  const form = new URLSearchParams({ secret, response: token });
  if (remoteIp && remoteIp !== 'unknown') form.set('remoteip', remoteIp);
  // Lets a retried request re-verify the same token instead of failing as "already used".
  if (idempotencyKey) form.set('idempotency_key', idempotencyKey);
  try {
    const res = await fetch(SITEVERIFY_URL, { method: 'POST', body: form, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return 'unavailable';
    const body = (await res.json()) as { success?: unknown };
    if (typeof body.success !== 'boolean') return 'unavailable';
    return body.success ? 'passed' : 'failed';
  } catch {
    return 'unavailable';
  }
}
