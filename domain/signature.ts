/**
 * The EnvGrid request signature, one scheme for both directions: the
 * forwarding webhook signs what it sends to the office's system
 * (functions/forwarding/channels/webhook.ts), and the office's system signs
 * the status updates it posts back (functions/office/updates.ts).
 *
 * `X-EnvGrid-Timestamp` is Unix seconds; `X-EnvGrid-Signature` is the
 * lower-case hex HMAC-SHA256 of `timestamp + "." + body` keyed with a shared
 * secret. A timestamp further than SIGNATURE_WINDOW_SECONDS from the
 * receiver's clock is stale, which bounds how long a captured request can
 * be replayed; the idempotency key inside the signed body covers the rest.
 */
import { hmacSha256Hex } from './crypto.ts';

export const TIMESTAMP_HEADER = 'x-envgrid-timestamp';
export const SIGNATURE_HEADER = 'x-envgrid-signature';

/** How far (either way) a signed timestamp may be from the receiver's clock. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** The signature headers for `body` sent at `now`. */
export async function signBody(secret: string, body: string, now: Date): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: await hmacSha256Hex(secret, `${timestamp}.${body}`),
  };
}

/** Why a signed request was refused, or 'ok'. */
export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'bad';

/** Compares two strings in time that depends only on their length (no early exit on the first difference). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks the signature headers of a received `body` (the exact text that was
 * signed) at `now`: missing headers, a stale or future timestamp, then the HMAC.
 */
export async function verifyBody(
  secret: string,
  body: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  now: Date,
  windowSeconds = SIGNATURE_WINDOW_SECONDS,
): Promise<SignatureCheck> {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > windowSeconds) return 'stale';
  const want = await hmacSha256Hex(secret, `${timestamp}.${body}`);
  return sameText(want, signature.trim().toLowerCase()) ? 'ok' : 'bad';
}
