/**
 * Keyed and plain hashes with Web Crypto (the same in workerd, Node and the
 * browser): the webhook and DingTalk signatures, the salted client-address
 * hash of the rate limit, and the payload hash behind idempotency keys.
 */

const encoder = new TextEncoder();

/** Lower-case hex of `bytes` (a digest, random bytes). */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

async function hmac(secret: string, data: string): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return crypto.subtle.sign('HMAC', key, encoder.encode(data));
}

/** Lower-case hex HMAC-SHA256 of `data` keyed with `secret`. */
export async function hmacSha256Hex(secret: string, data: string): Promise<string> {
  return hex(await hmac(secret, data));
}

/** Base64 HMAC-SHA256 of `data` keyed with `secret`. */
export async function hmacSha256Base64(secret: string, data: string): Promise<string> {
  return btoa(String.fromCharCode(...new Uint8Array(await hmac(secret, data))));
}

/** Lower-case hex SHA-256 of `data`: a string (as UTF-8) or raw bytes (a photo). */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : data));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its usual 8-4-4-4-12 hex form, any case (what `crypto.randomUUID()` makes, and more). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
