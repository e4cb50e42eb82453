/**
 * Signed, expiring links to photos for staff: `/api/photos/{id}?exp=&sig=`,
 * where `sig` is the HMAC-SHA256 (keyed with the PHOTO_LINK_SECRET setting)
 * of the photo's random R2 key and the expiry. The key never leaves the
 * Worker, so a link cannot be made from a row id alone, and a changed id or
 * expiry breaks the signature. Links go into staff pages and forwarded
 * messages; the file itself never does.
 */
import type { PhotoType } from '../../domain/photos.ts';
import { photosOf, type PhotoOwner } from './store.ts';

/** How long a link lasts unless the caller says otherwise: long enough for a forwarded message read after a weekend. */
export const PHOTO_LINK_TTL_SECONDS = 3 * 24 * 3600;
/** The longest validity accepted; a link claiming more is refused, whoever signed it. */
export const PHOTO_LINK_MAX_TTL_SECONDS = 30 * 24 * 3600;
/** Shortest secret accepted: a short one could be guessed from a single link. */
export const PHOTO_LINK_SECRET_MIN_LENGTH = 32;

const encoder = new TextEncoder();

/** The secret if it is set and long enough, else undefined (no links can be made or accepted). */
export function photoLinkSecret(env: { PHOTO_LINK_SECRET?: string }): string | undefined {
  const s = env.PHOTO_LINK_SECRET;
  return s && s.length >= PHOTO_LINK_SECRET_MIN_LENGTH ? s : undefined;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** What is signed; the prefix keeps these MACs from being valid for any other use of the secret. */
function signedText(key: string, exp: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`envgrid-photo-link:v1\n${key}\n${exp}`);
}

function toBase64Url(b: Uint8Array): string {
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(s)) return undefined; // 32 bytes
  return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) => c.charCodeAt(0));
}

/** A site-relative signed link to the photo, valid for `ttlSeconds` from `now`. */
export async function signPhotoLink(
  secret: string,
  photo: { id: string; key: string },
  now: Date,
  ttlSeconds = PHOTO_LINK_TTL_SECONDS,
): Promise<{ path: string; expiresAt: Date }> {
  if (!(ttlSeconds > 0 && ttlSeconds <= PHOTO_LINK_MAX_TTL_SECONDS)) throw new RangeError(`bad link TTL ${ttlSeconds}`);
  const exp = Math.floor(now.getTime() / 1000) + Math.floor(ttlSeconds);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), signedText(photo.key, exp)));
  const query = new URLSearchParams({ exp: String(exp), sig: toBase64Url(mac) });
  return { path: `/api/photos/${encodeURIComponent(photo.id)}?${query}`, expiresAt: new Date(exp * 1000) };
}

export type LinkCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'expired' | 'signature' };

/**
 * Checks a link's `exp` and `sig` for the photo stored under `key` at time
 * `now`. The MAC is compared by Web Crypto's verify (constant time).
 */
export async function verifyPhotoLink(
  secret: string,
  key: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): Promise<LinkCheck> {
  const mac = sig === undefined ? undefined : fromBase64Url(sig);
  if (!exp || !/^\d{1,12}$/.test(exp) || !mac) return { ok: false, reason: 'malformed' };
  const expSeconds = Number(exp);
  const nowSeconds = now.getTime() / 1000;
  if (expSeconds <= nowSeconds) return { ok: false, reason: 'expired' };
  if (expSeconds > nowSeconds + PHOTO_LINK_MAX_TTL_SECONDS + 60) return { ok: false, reason: 'malformed' };
  const good = await crypto.subtle.verify('HMAC', await hmacKey(secret), mac, signedText(key, expSeconds));
  return good ? { ok: true, expiresAt: new Date(expSeconds * 1000) } : { ok: false, reason: 'signature' };
}

/**
 * Signed links to every photo of an owner, oldest first: what a forwarded
 * message or a staff page lists (the caller adds its origin to `path`).
 */
export async function signedPhotoLinks(
  secret: string,
  db: D1Database,
  owner: PhotoOwner,
  now: Date,
  ttlSeconds = PHOTO_LINK_TTL_SECONDS,
): Promise<PhotoLink[]> {
  return signPhotoLinks(secret, await photosOf(db, owner), now, ttlSeconds);
}

/** A signed link to one photo, with what a page or message shows about it. */
export interface PhotoLink {
  id: string;
  type: PhotoType;
  path: string;
  expiresAt: Date;
}

/** Signed links to photos already loaded, in their order. */
export function signPhotoLinks(
  secret: string,
  photos: readonly { id: string; key: string; type: PhotoType }[],
  now: Date,
  ttlSeconds = PHOTO_LINK_TTL_SECONDS,
): Promise<PhotoLink[]> {
  return Promise.all(
    photos.map(async (p) => ({ id: p.id, type: p.type, ...(await signPhotoLink(secret, p, now, ttlSeconds)) })),
  );
}
