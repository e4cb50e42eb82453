/**
 * `GET /api/photos/:id?exp=&sig=`: serves a stored photo to whoever holds a
 * signed, unexpired link (link.ts). Staff pages and forwarded messages carry
 * such links; there is no unsigned way in. Mounted in functions/app.ts with
 * `.route('/photos', photos)`.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PHOTO_EXTENSIONS } from '../../domain/photos.ts';
import type { AppEnv } from '../types.ts';
import { photoLinkSecret, verifyPhotoLink } from './link.ts';
import { getPhoto } from './store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A browser may keep a photo at most this long, and never past the link's expiry. */
const MAX_CACHE_SECONDS = 3600;

export const photos = new Hono<AppEnv>().get('/:id', async (c) => {
  const secret = photoLinkSecret(c.env);
  if (!secret) {
    console.error('photos: PHOTO_LINK_SECRET is not set (or shorter than 32 characters); no photo can be served');
    throw new HTTPException(503, { message: '照片链接服务尚未配置，请联系系统管理员' });
  }
  // One answer for every bad link (unknown id, wrong or expired signature), so a link reveals nothing.
  const refuse = () => {
    c.header('Cache-Control', 'no-store');
    return c.json({ error: '照片链接无效或已过期，请回到案件页面重新打开照片' }, 403);
  };
  const id = c.req.param('id');
  if (!UUID.test(id)) return refuse();
  const photo = await getPhoto(c.env.DB, id);
  if (!photo) return refuse();
  const now = new Date();
  const check = await verifyPhotoLink(secret, photo.key, c.req.query('exp'), c.req.query('sig'), now);
  if (!check.ok) return refuse();
  const object = await c.env.PHOTOS.get(photo.key);
  if (!object) {
    console.error(`photos: object missing for photo ${photo.id}`);
    return c.json({ error: '照片文件已不存在，请联系区网格办' }, 404);
  }
  const maxAge = Math.max(
    0,
    Math.min(MAX_CACHE_SECONDS, Math.floor((check.expiresAt.getTime() - now.getTime()) / 1000)),
  );
  return new Response(object.body, {
    headers: {
      'Content-Type': photo.type,
      'Content-Length': String(object.size),
      'Cache-Control': `private, max-age=${maxAge}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename="photo-${photo.id.slice(0, 8)}.${PHOTO_EXTENSIONS[photo.type]}"`,
      // Opened on its own, the photo is a document with no scripts and no outgoing referrer (the link is a credential).
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
      'Referrer-Policy': 'no-referrer',
    },
  });
});
