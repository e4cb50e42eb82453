import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { rosterIndex } from '../../domain/roster/current.ts';
import { routeProblem } from '../../domain/routing.ts';
import { CODE_ALPHABET } from '../../domain/tracking-code.ts';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { submitComplaintForm } from '../../functions/services/complaints.ts';
import {
  countStored,
  downDb,
  foreignVillage,
  freshIp,
  marker,
  postForm,
  postJson,
  town,
  validComplaint,
  village,
  PUBLIC_COMPLAINT_KEYS,
} from './support/complaints.ts';

const CODE = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

interface Created {
  trackingCode: string;
  status: string;
  receivedAt: string;
  statusUrl: string;
}

async function lookup(code: string) {
  return exports.default.fetch(`http://envgrid.test/api/complaints/${encodeURIComponent(code)}`);
}

describe('POST /api/complaints (JSON)', () => {
  it('stores the complaint, its received event and its routing, then answers 201 with a code', async () => {
    const mark = marker();
    const before = Date.now();
    const res = await postJson(validComplaint(mark));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Created;
    expect(Object.keys(body).sort()).toEqual(['receivedAt', 'status', 'statusUrl', 'trackingCode']);
    expect(body.trackingCode).toMatch(CODE);
    expect(body.status).toBe('received');
    expect(Date.parse(body.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    // Absolute links name the public site (SITE_URL / PUBLIC_BASE_URL), never the request's Host header.
    expect(body.statusUrl).toBe(`http://localhost:8787/complaint/status/?code=${body.trackingCode}`);
    expect(res.headers.get('location')).toBe(`http://localhost:8787/api/complaints/${body.trackingCode}`);

    const row = await env.DB.prepare(
      `SELECT tracking_code, category, place_type, town_id, village_id, address, description, observed_at,
              anonymous, contact_name, contact_phone, routing, status, ip_hash, channel
       FROM complaints WHERE tracking_code = ?1`,
    )
      .bind(body.trackingCode.replaceAll('-', ''))
      .first<Record<string, string | number | null>>();
    expect(row).toMatchObject({
      category: 'dust',
      place_type: 'construction_site',
      town_id: town.id,
      village_id: village.id,
      observed_at: '2026-01-15T01:30:00.000Z',
      anonymous: 0,
      contact_name: '测试王先生',
      contact_phone: '13812345678',
      status: 'received',
      channel: 'api',
    });
    expect(String(row!.description)).toContain(mark);
    expect(String(row!.ip_hash)).toMatch(/^[0-9a-f]{64}$/);
    const expected = routeProblem(rosterIndex, {
      category: 'dust',
      placeType: 'construction_site',
      townId: town.id,
      villageId: village.id,
    });
    const routing = JSON.parse(String(row!.routing));
    expect(routing).toEqual(expected);
    // Literal ids in the routing table's priority order (城市建设管理局 15 before 城管高新大队 20),
    // so a change to the order fails here and not only in routeProblem's own output.
    expect(routing.departments).toEqual([
      { id: 'cjj', name: '城市建设管理局' },
      { id: 'cggxdd', name: '城管高新大队' },
    ]);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('keeps no contact details when the complainant chose to stay anonymous', async () => {
    const mark = marker();
    const res = await postJson(
      validComplaint(mark, { anonymous: true, contactName: '不该保存', contactPhone: '13900000000' }),
    );
    expect(res.status).toBe(201);
    const row = await env.DB.prepare(
      'SELECT anonymous, contact_name, contact_phone FROM complaints WHERE description LIKE ?1',
    )
      .bind(`%${mark}%`)
      .first();
    expect(row).toEqual({ anonymous: 1, contact_name: null, contact_phone: null });
  });

  it('accepts a complaint without the optional fields', async () => {
    const mark = marker();
    const { villageId: _v, address: _a, observedAt: _o, ...rest } = validComplaint(mark, { anonymous: true });
    const res = await postJson({ ...rest, villageId: null });
    expect(res.status).toBe(201);
    const row = await env.DB.prepare(
      'SELECT village_id, address, observed_at, routing FROM complaints WHERE description LIKE ?1',
    )
      .bind(`%${mark}%`)
      .first<{ village_id: null; address: null; observed_at: null; routing: string }>();
    expect(row).toMatchObject({ village_id: null, address: null, observed_at: null });
    expect(JSON.parse(row!.routing).town.id).toBe(town.id);
    expect(JSON.parse(row!.routing).village).toBeUndefined();
  });
});

describe('form posts', () => {
  it('answers a browser form post with 303 to the confirmation page', async () => {
    const mark = marker();
    const res = await postForm(validComplaint(mark));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/complaint\/submitted\/\?code=[A-Z0-9-]{14}$/);
    const row = await env.DB.prepare('SELECT channel, anonymous FROM complaints WHERE description LIKE ?1')
      .bind(`%${mark}%`)
      .first();
    expect(row).toEqual({ channel: 'web', anonymous: 0 });
  });

  it('takes multipart/form-data too', async () => {
    const mark = marker();
    const form = new FormData();
    for (const [k, v] of Object.entries(validComplaint(mark, { anonymous: 'true' }))) form.set(k, String(v));
    const res = await exports.default.fetch('http://envgrid.test/api/complaints', {
      method: 'POST',
      redirect: 'manual',
      headers: { accept: 'text/html', 'cf-connecting-ip': '203.0.113.77' },
      body: form,
    });
    expect(res.status).toBe(303);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers JSON to a form post that asks for JSON', async () => {
    const res = await postForm(validComplaint(marker()), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Created).trackingCode).toMatch(CODE);
  });
});

describe('GET /api/complaints/{code}', () => {
  it('finds a complaint by its code in any case, with or without dashes or spaces', async () => {
    const res = await postJson(validComplaint(marker()));
    const { trackingCode, receivedAt } = (await res.json()) as Created;
    const compact = trackingCode.replaceAll('-', '');
    const forms = [
      trackingCode,
      trackingCode.toLowerCase(),
      compact,
      compact.toLowerCase(),
      trackingCode.replaceAll('-', ' '),
    ];
    for (const form of forms) {
      const r = await lookup(form);
      expect(r.status, form).toBe(200);
      const body = (await r.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        trackingCode,
        category: 'dust',
        placeType: 'construction_site',
        townId: town.id,
        villageId: village.id,
        status: 'received',
        receivedAt,
      });
      expect(Object.keys(body).sort()).toEqual(PUBLIC_COMPLAINT_KEYS);
      expect(body.timeline).toEqual([{ at: receivedAt, status: 'received', note: expect.any(String) }]);
      expect((body.routing as { town: { id: string } }).town.id).toBe(town.id);
    }
  });

  it('answers 404 for an unknown or malformed code', async () => {
    for (const code of ['ABCD-EFGH-JKMN', 'abc', '0000-0000-0000', 'ABCD-EFGH-JKMN-PQRS']) {
      const r = await lookup(code);
      expect(r.status, code).toBe(404);
      expect(((await r.json()) as { error: string }).error).toMatch(/没有找到/);
    }
  });

  it('never shows the private fields in any public answer', async () => {
    const mark = marker();
    const secret = {
      contactName: `隐私姓名${mark.slice(-6)}`,
      contactPhone: '13712349876',
      address: `隐私地址门牌${mark}`,
      description: `隐私描述：后院偷偷烧垃圾，味道很大${mark}`,
    };
    const ip = '203.0.113.201';
    const created = await postJson(validComplaint(mark, secret), { ip });
    const createdText = await created.text();
    const { trackingCode } = JSON.parse(createdText) as Created;
    const looked = await (await lookup(trackingCode)).text();
    const formPost = await postForm(validComplaint(marker(), secret), { ip });
    const publicTexts = [createdText, looked, formPost.headers.get('location') ?? '', await formPost.text()];
    for (const text of publicTexts)
      for (const s of [...Object.values(secret), mark, ip]) expect(text, `leaked ${s}`).not.toContain(s);
  });
});

describe('routing', () => {
  it('rejects a village from another town, so the stored routing is always consistent', async () => {
    const res = await postJson(validComplaint(marker(), { villageId: foreignVillage.id }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ field: 'villageId', message: expect.stringContaining('不属于所选的镇（办事处）') }],
    });
  });
});

describe('form posts', () => {
  const formInit = (fields: Record<string, unknown>, ip = freshIp(), headers: Record<string, string> = {}) => {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
    return new Request('http://envgrid.test/complaint/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        'sec-fetch-site': 'same-origin',
        'cf-connecting-ip': ip,
        ...headers,
      },
      body,
    });
  };
  const submit = async (req: Request, overrides: Partial<Env> = {}) => {
    const ctx = createExecutionContext();
    const r = await submitComplaintForm(req, { ...env, ...overrides }, ctx);
    await waitOnExecutionContext(ctx);
    return r;
  };

  it('the form page stores a valid post once and sends the browser to the confirmation page', async () => {
    const mark = marker();
    const r = await submit(formInit(validComplaint(mark)));
    expect(r).toEqual({ ok: true, location: expect.stringMatching(/^\/complaint\/submitted\/\?code=[A-Z0-9-]{14}$/) });
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('the form page gets the errors and the submitted values in one pass, and stores nothing', async () => {
    const mark = marker();
    const fields = validComplaint(mark, { contactPhone: '12345', homepage: '' });
    const r = await submit(formInit(fields));
    expect(r).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ field: 'contactPhone', message: expect.stringContaining('联系电话') }],
      values: { contactPhone: '12345', description: fields.description },
    });
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('the form page reports a rate limit, an outage and an oversized body as form-level problems', async () => {
    const ip = freshIp();
    expect((await submit(formInit(validComplaint(marker()), ip), { RATE_LIMIT_MAX: '1' })).ok).toBe(true);
    const limited = await submit(formInit(validComplaint(marker()), ip), { RATE_LIMIT_MAX: '1' });
    expect(limited).toMatchObject({ ok: false, status: 429, formError: 'rate_limited', retryAfterSeconds: 600 });
    expect(limited.ok || limited.values.contactPhone).toBe('13812345678');
    const down = await submit(formInit(validComplaint(marker())), { DB: downDb });
    expect(down).toMatchObject({ ok: false, status: 503, formError: 'unavailable' });
    const big = await submit(formInit(validComplaint(marker(), { description: '灰'.repeat(30_000) })));
    expect(big).toMatchObject({ ok: false, status: 413, formError: 'too_large', values: {} });
  });

  it('the form page is not a second API: JSON bodies are refused unread (the old internal re-render path)', async () => {
    const mark = marker();
    const req = new Request('http://envgrid.test/complaint/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ values: validComplaint(mark), formError: 'too_large' }),
    });
    expect(await submit(req)).toMatchObject({ ok: false, status: 415, values: {} });
    expect(req.bodyUsed).toBe(false);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('the form page caps a streamed body it cannot size in advance (40 MB) at 413 without reading it all', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode('description=' + 'a'.repeat(65_536));
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent >= 40 * 1024 * 1024) return ctrl.close();
        sent += chunk.byteLength;
        ctrl.enqueue(chunk);
      },
    });
    const req = new Request('http://envgrid.test/complaint/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: stream,
      // @ts-expect-error -- workerd needs duplex for a streamed request body; the DOM types do not know it
      duplex: 'half',
    });
    expect(await submit(req)).toMatchObject({ ok: false, status: 413, formError: 'too_large' });
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it('a browser form post to the API gets a 303 when stored and JSON errors otherwise (no page rendering there)', async () => {
    const ok = await postForm(validComplaint(marker()));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/complaint\/submitted\/\?code=/);
    const bad = await postForm(validComplaint(marker(), { contactPhone: '12345' }));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
