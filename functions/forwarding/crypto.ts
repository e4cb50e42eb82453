/** HMAC-SHA256 with Web Crypto (the same in workerd and Node), for the webhook and DingTalk signatures. */

const encoder = new TextEncoder();

async function hmac(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
}

/** Lower-case hex HMAC-SHA256 of `data` keyed with `secret`. */
export async function hmacSha256Hex(secret: string, data: string): Promise<string> {
  return Array.from(await hmac(secret, data), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Base64 HMAC-SHA256 of `data` keyed with `secret`. */
export async function hmacSha256Base64(secret: string, data: string): Promise<string> {
  return btoa(String.fromCharCode(...(await hmac(secret, data))));
}
