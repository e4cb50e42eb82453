/**
 * Photos on complaints and case actions, through the real Worker entry with
 * the real local D1 (real migrations) and R2: the complaint API's multipart
 * door (metadata stripped, 415/413/400 naming the photo), atomic storage
 * (no photo row without its complaint, retries and refusals store no second
 * row, leftovers removed by the orphan cleanup), photos on progress and
 * feedback, and who can open them (signed links made only for staff who may
 * see the case).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { PHOTO_MAX_BYTES } from '../../domain/photos.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import { cleanupOrphanPhotos } from '../../functions/photos/cleanup.ts';
import { signPhotoLink } from '../../functions/photos/link.ts';
import { caseAction } from '../../functions/services/cases.ts';
import { bytes, findMetadata, taggedTinyJpeg, tinyJpeg } from '../support/photo-bytes.ts';
import {
  apiWith,
  downDb,
  freshIp,
  marker,
  postJson,
  PUBLIC_COMPLAINT_KEYS,
  town,
  validComplaint,
} from './support/complaints.ts';
import { act, inAWeek, publicView, seedCast, staffCall, staffOf } from './cases-support.ts';

const cast = staffOf('photos');
beforeAll(() => seedCast(cast));

interface Part {
  bytes: Uint8Array<ArrayBuffer>;
  name: string;
  type?: string;
}
const jpeg = (name = 'IMG_0001.jpg'): Part => ({ bytes: taggedTinyJpeg(), name, type: 'image/jpeg' });

/** A multipart body: the complaint's fields as text parts and each photo as a `photos` file part. */
function multipart(fields: Record<string, unknown>, photos: Part[]): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.set(k, String(v));
  for (const p of photos) form.append('photos', new File([p.bytes], p.name, { type: p.type ?? '' }));
  return form;
}

/** POST /api/complaints as multipart, asking for JSON answers (an API client). */
function postPhotos(fields: Record<string, unknown>, photos: Part[], ip = freshIp()): Promise<Response> {
  return exports.default.fetch('http://envgrid.test/api/complaints', {
    method: 'POST',
    headers: { accept: 'application/json', 'cf-connecting-ip': ip },
    body: multipart(fields, photos),
  });
}

const compact = (code: string) => code.replaceAll('-', '');

async function complaintId(code: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id FROM complaints WHERE tracking_code = ?1')
    .bind(compact(code))
    .first<{ id: string }>();
  return row!.id;
}

async function photoRows(ownerId: string) {
  const { results } = await env.DB.prepare(
    'SELECT id, r2_key, content_type, size, sha256, public FROM photos WHERE owner_id = ?1 ORDER BY created_at, id',
  )
    .bind(ownerId)
    .all<{ id: string; r2_key: string; content_type: string; size: number; sha256: string; public: number }>();
  return results;
}

async function allKeys(): Promise<Set<string>> {
  return new Set((await env.PHOTOS.list({ prefix: 'photos/' })).objects.map((o) => o.key));
}

async function photoRowCount(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM photos').first<{ n: number }>())!.n;
}

describe('POST /api/complaints with photos (multipart)', () => {
  it('stores a GPS-tagged JPEG with no metadata left, the row in the same batch as the complaint', async () => {
    const original = taggedTinyJpeg();
    expect(findMetadata(original).length).toBeGreaterThan(0); // the reader does see the GPS, XMP and comment
    const res = await postPhotos(validComplaint(marker()), [
      { bytes: original, name: 'IMG_0001.jpg', type: 'image/jpeg' },
      { bytes: tinyJpeg(), name: 'second.jpeg', type: 'application/octet-stream' }, // the declared type is ignored
    ]);
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const rows = await photoRows(await complaintId(trackingCode));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ content_type: 'image/jpeg', public: 0 });
      expect(r.r2_key).toMatch(/^photos\/[0-9a-f]{32}$/);
      const stored = new Uint8Array(await (await env.PHOTOS.get(r.r2_key))!.arrayBuffer());
      expect(findMetadata(stored)).toEqual([]);
      expect(stored.length).toBe(r.size);
      expect(await sha256Hex(stored)).toBe(r.sha256);
    }
  });

  it('refuses a renamed PDF with 415, naming the photo; nothing is stored', async () => {
    const mark = marker();
    const [keys, count] = [await allKeys(), await photoRowCount()];
    const pdf = bytes('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
    const res = await postPhotos(validComplaint(mark), [jpeg(), { bytes: pdf, name: 'photo.jpg', type: 'image/jpeg' }]);
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      errors: [{ field: 'photos', message: '第 2 张照片不是 JPEG/PNG/WebP 图片，请选择手机拍摄的照片' }],
    });
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM complaints WHERE description LIKE ?1')
        .bind(`%${mark}%`)
        .first('n'),
    ).toBe(0);
    expect(await allKeys()).toEqual(keys);
    expect(await photoRowCount()).toBe(count);
  });

  it('refuses an 11 MB photo with 413, naming it, before reading it', async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(tinyJpeg());
    const res = await postPhotos(validComplaint(marker()), [{ bytes: big, name: 'big.jpg', type: 'image/jpeg' }]);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [{ field: 'photos', message: '第 1 张照片有 11.0 MB，超过 10 MB 的上限，请压缩或换一张' }],
    });
  });

  it('reports the photos with the fields (400), refuses a fourth photo, and keeps other bodies at 64 KB', async () => {
    const bad = await postPhotos(validComplaint(marker(), { description: '' }), [jpeg(), jpeg(), jpeg(), jpeg()]);
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as { errors: { field: string; message: string }[] };
    expect(errors.map((e) => e.field)).toEqual(['description', 'photos']);
    expect(errors[1]!.message).toBe('最多可以附 3 张照片，这次选了 4 张，请去掉 1 张');

    // Multipart with no photo: the small limit, as JSON and URL-encoded bodies.
    const padded = await postPhotos({ ...validComplaint(marker()), padding: 'x'.repeat(70 * 1024) }, []);
    expect(padded.status).toBe(413);
    expect(((await padded.json()) as { error: string }).error).toContain('64 KB');
    // Past the photo limit (three photos and the fields), refused while reading.
    const tooMuch = new Uint8Array(PHOTO_MAX_BYTES);
    tooMuch.set(tinyJpeg());
    const huge = await postPhotos(
      validComplaint(marker()),
      [0, 1, 2, 3].map((i) => ({ bytes: tooMuch, name: `p${i}.jpg`, type: 'image/jpeg' })),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/超过 30 MB.*最多附 3 张照片/);
  });

  it('answers a retry with the same key with the first complaint: no second complaint, no second photo row', async () => {
    const mark = marker();
    const fields = validComplaint(mark, { idempotencyKey: crypto.randomUUID() });
    const ip = freshIp();
    const first = await postPhotos(fields, [jpeg()], ip);
    expect(first.status).toBe(201);
    const code = ((await first.json()) as { trackingCode: string }).trackingCode;
    const keys = await allKeys();
    const again = await postPhotos(fields, [jpeg()], ip);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { trackingCode: string }).trackingCode).toBe(code);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM complaints WHERE description LIKE ?1')
        .bind(`%${mark}%`)
        .first('n'),
    ).toBe(1);
    expect(await photoRows(await complaintId(code))).toHaveLength(1);
    expect(await allKeys()).toEqual(keys); // the retry's object was deleted at once
  });

  it('stores no photo row when the rate limit refuses the complaint, and deletes the objects it put', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await postJson(validComplaint(marker()), { ip })).status).toBe(201);
    const [keys, count] = [await allKeys(), await photoRowCount()];
    const res = await postPhotos(validComplaint(marker()), [jpeg(), jpeg()], ip);
    expect(res.status).toBe(429);
    expect(await photoRowCount()).toBe(count);
    expect(await allKeys()).toEqual(keys);
  });

  it('leaves no row when D1 fails after the objects are put; the orphan cleanup removes what a crash left', async () => {
    const put: string[] = [];
    // A bucket that records its puts and cannot delete (as if the Worker died before cleaning up).
    const bucket = new Proxy(env.PHOTOS, {
      get(target, prop) {
        if (prop === 'put')
          return (key: string, ...rest: Parameters<R2Bucket['put']> extends [string, ...infer R] ? R : never) => {
            put.push(key);
            return target.put(key, ...rest);
          };
        if (prop === 'delete') return () => Promise.reject(new Error('interrupted'));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const count = await photoRowCount();
    const res = await apiWith({ DB: downDb, PHOTOS: bucket })('/api/complaints', {
      method: 'POST',
      headers: { accept: 'application/json', 'cf-connecting-ip': freshIp() },
      body: multipart(validComplaint(marker()), [jpeg(), jpeg()]),
    });
    expect(res.status).toBe(503);
    expect(put).toHaveLength(2);
    expect(await photoRowCount()).toBe(count);
    for (const k of put) expect(await env.PHOTOS.head(k)).not.toBeNull();
    // Within the hour the objects are kept (an upload may still be under way); after it, deleted.
    await cleanupOrphanPhotos(env, new Date());
    for (const k of put) expect(await env.PHOTOS.head(k)).not.toBeNull();
    const report = await cleanupOrphanPhotos(env, new Date(Date.now() + 2 * 3600_000));
    expect(report.deleted).toEqual(expect.arrayContaining(put));
    for (const k of put) expect(await env.PHOTOS.head(k)).toBeNull();
  });
});

describe('who can open a complaint photo', () => {
  /** A complaint with one photo, assigned to the first town; its code and the office's link. */
  async function assignedWithPhoto() {
    const res = await postPhotos(validComplaint(marker()), [jpeg()]);
    expect(res.status).toBe(201);
    const code = compact(((await res.json()) as { trackingCode: string }).trackingCode);
    const assigned = await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() });
    expect(assigned.status).toBe(200);
    return code;
  }
  const linksOf = (r: { json: Record<string, unknown> }) =>
    ((r.json.photos as { links: { path: string; seq: number | null }[] } | undefined)?.links ?? []).map((l) => l);
  const open = (path: string) => exports.default.fetch(`http://envgrid.test${path}`);

  it('gives the office and the assigned town working links; another town gets neither the case nor a link', async () => {
    const code = await assignedWithPhoto();
    for (const who of [cast.office, cast.town, cast.viewer]) {
      const r = await staffCall(who, `/cases/${code}`);
      expect(r.status, who.email).toBe(200);
      expect(r.json.photos).toMatchObject({ count: 1 });
      const [link] = linksOf(r);
      expect(link!.seq).toBeNull();
      const photo = await open(link!.path);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
      expect(findMetadata(new Uint8Array(await photo.arrayBuffer()))).toEqual([]);
    }
    for (const who of [cast.otherTown, cast.sthj]) {
      const r = await staffCall(who, `/cases/${code}`);
      expect(r).toEqual({ status: 403, json: { error: '您无权查看或办理这个案件' } });
    }
  });

  it('gives a citizen nothing: no photo in the public answer, and no way in without a signed link', async () => {
    const code = await assignedWithPhoto();
    const view = await publicView(code);
    expect(Object.keys(view).sort()).toEqual(PUBLIC_COMPLAINT_KEYS);
    expect(JSON.stringify(view)).not.toContain('/api/photos/');
    const [row] = await photoRows(await complaintId(code));
    expect((await open(`/api/photos/${row!.id}`)).status).toBe(403);
    // A signed link is refused once tampered with, moved to another photo, or expired.
    const [link] = linksOf(await staffCall(cast.office, `/cases/${code}`));
    const u = new URL(link!.path, 'http://envgrid.test');
    const tampered = new URL(u);
    tampered.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 60));
    expect((await open(tampered.pathname + tampered.search)).status).toBe(403);
    const other = await assignedWithPhoto();
    const [otherRow] = await photoRows(await complaintId(other));
    expect((await open(`/api/photos/${otherRow!.id}${u.search}`)).status).toBe(403);
    const old = await signPhotoLink(
      env.PHOTO_LINK_SECRET!,
      { id: row!.id, key: row!.r2_key },
      new Date(Date.now() - 86_400_000),
      3600,
    );
    expect((await open(old.path)).status).toBe(403);
    expect((await open(link!.path)).status).toBe(200);
  });
});

describe('photos on progress and feedback (the case page form)', () => {
  it('stores them with the action, links them to staff who see the case, and refuses them on other actions', async () => {
    const res = await postJson(validComplaint(marker()));
    const code = compact(((await res.json()) as { trackingCode: string }).trackingCode);
    expect(
      (await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() })).status,
    ).toBe(200);

    const refused = await caseAction(env, cast.town, code, multipart({ action: 'accept' }, [jpeg()]));
    expect(refused).toMatchObject({ ok: false, status: 400, errors: [{ field: 'photos' }] });
    expect((await caseAction(env, cast.town, code, multipart({ action: 'accept' }, []))).ok).toBe(true);

    const pdf = await caseAction(
      env,
      cast.town,
      code,
      multipart({ action: 'progress', internalNote: '已到现场' }, [{ bytes: bytes('%PDF-1.4'), name: 'a.jpg' }]),
    );
    expect(pdf).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ field: 'photos', message: expect.stringContaining('第 1 张照片') }],
    });

    const keys = await allKeys();
    const progress = await caseAction(
      env,
      cast.town,
      code,
      multipart({ action: 'progress', internalNote: '已到现场，正在覆盖防尘网' }, [jpeg(), jpeg()]),
    );
    expect(progress.ok).toBe(true);
    expect((await allKeys()).size).toBe(keys.size + 2);
    const feedback = await caseAction(
      env,
      cast.town,
      code,
      multipart({ action: 'feedback', internalNote: '已全部覆盖' }, [jpeg()]),
    );
    expect(feedback.ok).toBe(true);

    const seen = await staffCall(cast.office, `/cases/${code}`);
    const links = (seen.json.photos as { count: number; links: { path: string; seq: number | null }[] }).links;
    const ledger = seen.json.actions as { seq: number; action: string }[];
    const seqOf = (a: string) => ledger.find((x) => x.action === a)!.seq;
    expect(links.map((l) => l.seq)).toEqual([seqOf('progress'), seqOf('progress'), seqOf('feedback')]);
    for (const l of links) expect((await exports.default.fetch(`http://envgrid.test${l.path}`)).status).toBe(200);
    expect((await staffCall(cast.otherTown, `/cases/${code}`)).status).toBe(403);
  });
});
