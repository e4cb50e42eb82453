/**
 * Forwarded messages about a complaint with photos carry signed, expiring
 * links for staff on every channel, never the files themselves; the links
 * open the stripped photo, and a message without the link secret names the
 * photos without links.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { preparePhoto } from '../../../domain/photos.ts';
import { deliverNow } from '../../../functions/forwarding/outbox.ts';
import { FORWARD_PHOTO_LINK_TTL_SECONDS, loadMessage, messageFields } from '../../../functions/forwarding/message.ts';
import { storePhotos } from '../../../functions/photos/store.ts';
import { findMetadata, taggedTinyJpeg } from '../../support/photo-bytes.ts';
import { SECRET, T0, configured, deliveriesOf, newComplaint, resetDb } from './helpers.ts';
import { newReceiver } from './receiver-client.ts';

beforeEach(resetDb);

const BASE = 'https://envgrid.example.cn';
const LINK = new RegExp(`^${BASE.replace(/\./g, '\\.')}/api/photos/[0-9a-f-]{36}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`);

describe('photos in forwarded messages', () => {
  it('sends signed links on the webhook and the robots, never the bytes; the links open the stripped photo', async () => {
    const office = await newReceiver();
    const wecom = await newReceiver();
    await wecom.script({ answers: [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }] });
    const e = configured({
      FORWARD_WEBHOOK_URL: `${office.url}/hook`,
      FORWARD_WEBHOOK_SECRET: SECRET,
      FORWARD_WECOM_URL: `${wecom.url}/cgi-bin/webhook/send?key=test-key`,
    });
    // Received now: the links count their week from the complaint's receipt.
    const c = await newComplaint(e, { received_at: new Date().toISOString() });
    const photo = preparePhoto(taggedTinyJpeg(), 0);
    await storePhotos(env, { kind: 'complaint', id: c.id }, [photo, photo], T0);
    await deliverNow(e, c.id, new Date(c.received_at));
    expect((await deliveriesOf(c.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);

    const [hook] = await office.requests();
    const model = (
      JSON.parse(hook!.body) as { complaint: { photos: { url: string; expiresAt: string }[]; photoCount: number } }
    ).complaint;
    expect(model.photoCount).toBe(2);
    expect(model.photos).toHaveLength(2);
    for (const p of model.photos) {
      expect(p.url).toMatch(LINK);
      // Valid for a week from receipt (the same links on every attempt), so a message read after a weekend opens.
      expect((Date.parse(p.expiresAt) - Date.parse(c.received_at)) / 1000).toBeCloseTo(
        FORWARD_PHOTO_LINK_TTL_SECONDS,
        -1,
      );
      const res = await exports.default.fetch(p.url.replace(BASE, 'http://envgrid.test'));
      expect(res.status).toBe(200);
      expect(findMetadata(new Uint8Array(await res.arrayBuffer()))).toEqual([]);
    }
    // Built again (a later attempt), the message carries the very same links.
    const later = await loadMessage(e.DB, c.id, BASE, e.PHOTO_LINK_SECRET);
    expect(later!.photos).toEqual(model.photos);
    const [robot] = await wecom.requests();
    const md = (JSON.parse(robot!.body) as { markdown: { content: string } }).markdown.content;
    expect(md).toContain(`**照片**：2 张 [照片 1](${model.photos[0]!.url}) [照片 2](${model.photos[1]!.url})`);
    expect(md).toContain('仅供工作人员查看');
    // No file travels: neither the bytes nor their base64 form.
    for (const body of [hook!.body, robot!.body]) {
      expect(body).not.toContain('/9j/');
      expect(body).not.toContain('\u00ff\u00d8');
      expect(body.length).toBeLessThan(6000);
    }
  });

  it('names the photos without links when PHOTO_LINK_SECRET is unset, and adds nothing when there are none', async () => {
    const c = await newComplaint(env);
    await storePhotos(env, { kind: 'complaint', id: c.id }, [preparePhoto(taggedTinyJpeg(), 0)], T0);
    const m = await loadMessage(env.DB, c.id, BASE, undefined);
    expect(m).toMatchObject({ photoCount: 1, photos: [] });
    expect(messageFields(m!).find((f) => f.label === '照片')?.value).toBe(
      '1 张（照片链接服务尚未配置，请到案件页面查看）',
    );
    const plain = await newComplaint(env);
    const none = await loadMessage(env.DB, plain.id, BASE, env.PHOTO_LINK_SECRET);
    expect(none).toMatchObject({ photoCount: 0, photos: [] });
    expect(messageFields(none!).map((f) => f.label)).not.toContain('照片');
  });
});
