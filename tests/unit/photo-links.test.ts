/** Signed photo links with an injected clock: validity window, tampering, limits. */
import { describe, expect, it } from 'vitest';
import {
  PHOTO_LINK_MAX_TTL_SECONDS,
  photoLinkSecret,
  signPhotoLink,
  verifyPhotoLink,
} from '../../functions/photos/link.ts';

const SECRET = 'unit-test photo link secret 0123456789';
const photo = { id: '3f1c2b9e-8a47-4d6e-9b1a-2c3d4e5f6a7b', key: 'photos/00112233445566778899aabbccddeeff' };
const T0 = new Date('2026-12-02T06:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function parts(ttl = 600) {
  const { path, expiresAt } = await signPhotoLink(SECRET, photo, T0, ttl);
  const q = new URL(path, 'http://x').searchParams;
  return { exp: q.get('exp')!, sig: q.get('sig')!, expiresAt };
}

describe('photo links', () => {
  it('are valid from signing until one second before the expiry, then expired', async () => {
    const { exp, sig, expiresAt } = await parts(600);
    expect(expiresAt).toEqual(at(600));
    expect(await verifyPhotoLink(SECRET, photo.key, exp, sig, T0)).toEqual({ ok: true, expiresAt: at(600) });
    expect((await verifyPhotoLink(SECRET, photo.key, exp, sig, at(599))).ok).toBe(true);
    expect(await verifyPhotoLink(SECRET, photo.key, exp, sig, at(600))).toEqual({ ok: false, reason: 'expired' });
  });

  it('fail for another key, another secret, a changed expiry or a damaged signature', async () => {
    const { exp, sig } = await parts();
    const other = 'photos/ffeeddccbbaa99887766554433221100';
    expect(await verifyPhotoLink(SECRET, other, exp, sig, T0)).toEqual({ ok: false, reason: 'signature' });
    expect((await verifyPhotoLink(`${SECRET}!`, photo.key, exp, sig, T0)).ok).toBe(false);
    expect((await verifyPhotoLink(SECRET, photo.key, String(Number(exp) + 1), sig, T0)).ok).toBe(false);
    const flipped = sig[5] === 'a' ? 'b' : 'a';
    expect((await verifyPhotoLink(SECRET, photo.key, exp, sig.slice(0, 5) + flipped + sig.slice(6), T0)).ok).toBe(
      false,
    );
    for (const [e, s] of [
      [undefined, sig],
      [exp, undefined],
      ['12e9', sig],
      ['-1', sig],
      [exp, `${sig}A`],
      [exp, sig.replace(/.$/, '=')],
    ] as const) {
      expect(await verifyPhotoLink(SECRET, photo.key, e, s, T0)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('last at most 30 days, and a link claiming more is refused', async () => {
    await expect(signPhotoLink(SECRET, photo, T0, PHOTO_LINK_MAX_TTL_SECONDS + 1)).rejects.toThrow(RangeError);
    await expect(signPhotoLink(SECRET, photo, T0, 0)).rejects.toThrow(RangeError);
    const { exp, sig } = await parts(PHOTO_LINK_MAX_TTL_SECONDS);
    // Verified a day before it was signed (a clock gone back), it claims 31 days: refused.
    expect((await verifyPhotoLink(SECRET, photo.key, exp, sig, at(-86400))).ok).toBe(false);
    expect((await verifyPhotoLink(SECRET, photo.key, exp, sig, T0)).ok).toBe(true);
  });

  it('need a secret of at least 32 characters', () => {
    expect(photoLinkSecret({})).toBeUndefined();
    expect(photoLinkSecret({ PHOTO_LINK_SECRET: 'x'.repeat(31) })).toBeUndefined();
    expect(photoLinkSecret({ PHOTO_LINK_SECRET: 'x'.repeat(32) })).toBe('x'.repeat(32));
  });
});
