/**
 * Photo storage in workerd with the real local R2 bucket and D1 (real
 * migrations): store, signed links, append-only rows, orphan cleanup.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { Hono } from 'hono';
import worker from './entry.ts';
import { preparePhoto, type PreparedPhoto } from '../../domain/photos.ts';
import type { AppEnv } from '../../functions/types.ts';
import { photos } from '../../functions/photos/api.ts';
import { cleanupOrphanPhotos } from '../../functions/photos/cleanup.ts';
import { signedPhotoLinks, signPhotoLink } from '../../functions/photos/link.ts';
import { photosFromForm } from '../../functions/photos/upload.ts';
import { getPhoto, newPhotoKey, photosOf, storePhotos } from '../../functions/photos/store.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import { findMetadata, taggedTinyJpeg } from '../support/photo-bytes.ts';

const SECRET = 'test-only photo link secret, 0123456789';
// Mounted the way functions/app.ts is to mount it (`.route('/photos', photos)` under /api).
const api = new Hono<AppEnv>().basePath('/api').route('/photos', photos);
/** GETs `path` with PHOTO_LINK_SECRET set to `secret` (null: not set). */
const get = (path: string, secret: string | null = SECRET) =>
  api.request(path, {}, { ...env, PHOTO_LINK_SECRET: secret ?? undefined });

const HOUR = 3600_000;
let serial = 0;
const owner = () => ({ kind: 'complaint' as const, id: `test-complaint-${Date.now()}-${serial++}` });

function photo(): PreparedPhoto {
  return preparePhoto(taggedTinyJpeg(), 0);
}

async function objectBytes(key: string): Promise<Uint8Array | null> {
  const o = await env.PHOTOS.get(key);
  return o ? new Uint8Array(await o.arrayBuffer()) : null;
}

describe('storePhotos', () => {
  it('puts the stripped bytes in R2 under a random key and writes the row', async () => {
    const who = owner();
    const p = photo();
    const [stored] = await storePhotos(env, who, [p], new Date());
    expect(stored!.key).toMatch(/^photos\/[0-9a-f]{32}$/);
    expect(stored!.key).not.toContain(who.id);
    expect(stored!.key).not.toContain(stored!.id);
    expect(stored!.key).not.toContain(stored!.sha256.slice(0, 8));
    const bytes = await objectBytes(stored!.key);
    expect(bytes).toEqual(p.bytes);
    expect(findMetadata(bytes!)).toEqual([]);
    expect((await env.PHOTOS.head(stored!.key))!.httpMetadata!.contentType).toBe('image/jpeg');
    expect(await getPhoto(env.DB, stored!.id)).toEqual(stored);
    expect(stored).toMatchObject({
      ownerKind: 'complaint',
      ownerId: who.id,
      type: 'image/jpeg',
      size: p.bytes.length,
      sha256: await sha256Hex(p.bytes),
      public: false,
    });
    // The same photo again gets another key: keys say nothing about content.
    const [again] = await storePhotos(env, who, [p], new Date());
    expect(again!.key).not.toBe(stored!.key);
    expect((await photosOf(env.DB, who)).map((x) => x.id).sort()).toEqual([stored!.id, again!.id].sort());
  });

  it('stores nothing when the batch fails: no row, and the objects already put are deleted', async () => {
    const who = owner();
    const before = (await env.PHOTOS.list({ prefix: 'photos/' })).objects.length;
    const failing = env.DB.prepare('INSERT INTO photos (id) VALUES (?1)').bind('not-a-valid-row');
    await expect(storePhotos(env, who, [photo(), photo()], new Date(), [failing])).rejects.toThrow();
    expect(await photosOf(env.DB, who)).toEqual([]);
    expect((await env.PHOTOS.list({ prefix: 'photos/' })).objects.length).toBe(before);
  });

  it('keeps rows append-only: only the public flag may change, nothing is deleted', async () => {
    const [stored] = await storePhotos(env, owner(), [photo()], new Date());
    await env.DB.prepare('UPDATE photos SET public = 1 WHERE id = ?1').bind(stored!.id).run();
    expect((await getPhoto(env.DB, stored!.id))!.public).toBe(true);
    await expect(
      env.DB.prepare("UPDATE photos SET owner_id = 'other' WHERE id = ?1").bind(stored!.id).run(),
    ).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM photos WHERE id = ?1').bind(stored!.id).run()).rejects.toThrow(
      /append-only/,
    );
    await expect(
      env.DB.prepare(
        "INSERT INTO photos (id, owner_kind, owner_id, r2_key, content_type, size, sha256, created_at) VALUES ('x', 'complaint', 'c', 'k', 'application/pdf', 1, ?1, 't')",
      )
        .bind('0'.repeat(64))
        .run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('GET /api/photos/:id with a signed link', () => {
  it('serves the stripped bytes with the right headers', async () => {
    const p = photo();
    const [stored] = await storePhotos(env, owner(), [p], new Date());
    const link = await signPhotoLink(SECRET, stored!, new Date(), 600);
    expect(link.path).toMatch(new RegExp(`^/api/photos/${stored!.id}\\?exp=\\d+&sig=[\\w-]{43}$`));
    const res = await get(link.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=(59\d|600)$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="photo-${stored!.id.slice(0, 8)}.jpg"`);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(p.bytes);
    expect(findMetadata(body)).toEqual([]);
  });

  it('refuses tampered, swapped, expired, incomplete and foreign links with 403', async () => {
    const [a, b] = await storePhotos(env, owner(), [photo(), photo()], new Date());
    const good = new URL((await signPhotoLink(SECRET, a!, new Date(), 600)).path, 'http://x');
    const variant = (fn: (u: URL) => void) => {
      const u = new URL(good);
      fn(u);
      return u.pathname + u.search;
    };
    const sig = good.searchParams.get('sig')!;
    const exp = Number(good.searchParams.get('exp'));
    const bad = [
      variant((u) => u.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))),
      variant((u) => u.searchParams.set('exp', String(exp + 60))), // a longer life is not signed
      variant((u) => (u.pathname = `/api/photos/${b!.id}`)), // a's signature on b
      variant((u) => u.searchParams.delete('sig')),
      variant((u) => u.searchParams.delete('exp')),
      variant((u) => u.searchParams.set('exp', 'soon')),
      variant((u) => (u.pathname = `/api/photos/${crypto.randomUUID()}`)),
      variant((u) => (u.pathname = '/api/photos/..%2F..%2Fetc')),
      // Signed two days ago for one day: expired (an injected clock, no waiting).
      (await signPhotoLink(SECRET, a!, new Date(Date.now() - 48 * HOUR), 24 * 3600)).path,
      // Signed with another secret.
      (await signPhotoLink('another secret that is long enough 0123', a!, new Date(), 600)).path,
    ];
    for (const path of bad) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ error: '照片链接无效或已过期，请回到案件页面重新打开照片' });
    }
    expect((await get(good.pathname + good.search)).status).toBe(200);
  });

  it('refuses every link when PHOTO_LINK_SECRET is missing or short (503)', async () => {
    const [stored] = await storePhotos(env, owner(), [photo()], new Date());
    const { path } = await signPhotoLink(SECRET, stored!, new Date(), 600);
    expect((await get(path, null)).status).toBe(503);
    expect((await get(path, 'short')).status).toBe(503);
  });

  it('answers 404 when the row exists but the object is gone', async () => {
    const [stored] = await storePhotos(env, owner(), [photo()], new Date());
    await env.PHOTOS.delete(stored!.key);
    const res = await get((await signPhotoLink(SECRET, stored!, new Date(), 600)).path);
    expect(res.status).toBe(404);
  });
});

describe('photosFromForm', () => {
  const file = (b: Uint8Array<ArrayBuffer>, name: string, type = 'image/jpeg') => new File([b], name, { type });

  it('reads, checks and strips the photos of a multipart form; an empty file input is no photo', async () => {
    const form = new FormData();
    form.append('photos', file(taggedTinyJpeg(), 'IMG_0001.JPG'));
    form.append('photos', new File([], '', { type: 'application/octet-stream' })); // nothing chosen
    form.append('photos', file(taggedTinyJpeg(1), 'IMG_0002.JPG'));
    const got = await photosFromForm(form);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.photos).toHaveLength(2);
    for (const p of got.photos) expect(findMetadata(p.bytes)).toEqual([]);
    // A real multipart body parsed by workerd gives the same.
    const req = new Request('http://x/', { method: 'POST', body: form });
    const parsed = await photosFromForm(await req.formData());
    expect(parsed.ok && parsed.photos.map((p) => p.bytes)).toEqual(got.photos.map((p) => p.bytes));
  });

  it('reports every problem at once, naming each photo, without reading an oversized one', async () => {
    const form = new FormData();
    form.append('photos', file(new TextEncoder().encode('%PDF-1.7 renamed'), 'photo.jpg'));
    form.append('photos', file(new Uint8Array(11 * 1024 * 1024), 'big.jpg'));
    form.append('photos', 'not a file');
    const got = await photosFromForm(form);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.errors.map((e) => [e.status, e.message])).toEqual([
      [415, '第 1 张照片不是 JPEG/PNG/WebP 图片，请选择手机拍摄的照片'],
      [413, '第 2 张照片有 11.0 MB，超过 10 MB 的上限，请压缩或换一张'],
      [415, '第 3 张照片不是图片文件，请重新选择照片'],
    ]);
    const four = new FormData();
    for (let i = 0; i < 4; i++) four.append('photos', file(taggedTinyJpeg(), `${i}.jpg`));
    const many = await photosFromForm(four);
    expect(!many.ok && many.errors.map((e) => e.message)).toEqual(['最多可以附 3 张照片，这次选了 4 张，请去掉 1 张']);
  });
});

describe('signedPhotoLinks', () => {
  it('signs a link to each photo of an owner, and each link opens its photo', async () => {
    const who = owner();
    const stored = await storePhotos(env, who, [photo(), photo()], new Date());
    const links = await signedPhotoLinks(SECRET, env.DB, who, new Date(), 600);
    expect(links.map((l) => l.id).sort()).toEqual(stored.map((s) => s.id).sort());
    for (const l of links) {
      const res = await get(l.path);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(
        await objectBytes(stored.find((s) => s.id === l.id)!.key),
      );
    }
  });
});

describe('orphan cleanup', () => {
  it('deletes objects without a row after an hour, keeps stored photos, reports rows without an object', async () => {
    const orphan = newPhotoKey();
    await env.PHOTOS.put(orphan, photo().bytes);
    const [kept] = await storePhotos(env, owner(), [photo()], new Date());
    const [lost] = await storePhotos(env, owner(), [photo()], new Date(Date.now() - 2 * HOUR));
    await env.PHOTOS.delete(lost!.key);

    const early = await cleanupOrphanPhotos(env, new Date());
    expect(early.deleted).not.toContain(orphan);
    expect(early.young).toBeGreaterThanOrEqual(1);
    expect(await env.PHOTOS.head(orphan)).not.toBeNull();

    const later = await cleanupOrphanPhotos(env, new Date(Date.now() + 2 * HOUR));
    expect(later.deleted).toContain(orphan);
    expect(later.deleted).not.toContain(kept!.key);
    expect(later.missing).toContainEqual({ id: lost!.id, key: lost!.key });
    expect(await env.PHOTOS.head(orphan)).toBeNull();
    expect(await env.PHOTOS.head(kept!.key)).not.toBeNull();
    expect(await getPhoto(env.DB, lost!.id)).not.toBeNull(); // reported, not changed
  });

  it('runs from the cron handler once an hour, at minute 37', async () => {
    const orphan = newPhotoKey();
    await env.PHOTOS.put(orphan, photo().bytes);
    const tick = async (minute: number) => {
      const at = new Date(Date.now() + 3 * HOUR);
      at.setUTCMinutes(minute, 0, 0);
      const ctx = createExecutionContext();
      worker.scheduled(createScheduledController({ scheduledTime: at, cron: '* * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await tick(36);
    expect(await env.PHOTOS.head(orphan)).not.toBeNull();
    await tick(37);
    expect(await env.PHOTOS.head(orphan)).toBeNull();
  });
});
