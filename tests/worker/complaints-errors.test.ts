import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { FIELD_LABELS, MAX_BODY_BYTES } from '../../domain/complaint.ts';
import {
  apiWith,
  countStored,
  dbFailingOnBatch,
  downDb,
  foreignVillage,
  freshIp,
  jsonInit,
  marker,
  postJson,
  validComplaint,
} from './support/complaints.ts';

type Errors = { errors: { field: string; message: string }[] };

const CJK = /[\u4e00-\u9fff]/;

describe('400: one Chinese message per field, naming the field and saying what to do', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['category', { category: undefined }, /请选择「问题类型」/],
    ['category', { category: 'smog' }, /「问题类型」只能从列表中选一项/],
    ['category', { category: 7 }, /「问题类型」应填写文字/],
    ['placeType', { placeType: '' }, /请选择「地点类型」/],
    ['placeType', { placeType: 'moon' }, /「地点类型」只能从列表中选一项/],
    ['townId', { townId: undefined }, /请选择问题所在的「镇（办事处）」/],
    ['townId', { townId: 'atlantis' }, /「镇（办事处）」不在列表中/],
    ['villageId', { villageId: 'no-such-village' }, /「村（居）」不在列表中/],
    ['villageId', { villageId: foreignVillage.id }, /不属于所选的镇（办事处）/],
    ['address', { address: '长'.repeat(201) }, /「具体位置」不能超过 200 个字（现在 201 个字）/],
    ['description', { description: undefined }, /请填写「问题描述」/],
    ['description', { description: '  有灰尘  ' }, /「问题描述」至少要写 10 个字（现在 3 个字）/],
    ['description', { description: '灰'.repeat(2001) }, /「问题描述」不能超过 2000 个字/],
    ['observedAt', { observedAt: 'yesterday' }, /「发现时间」格式不对，请写成 2026-11-20 14:30/],
    ['observedAt', { observedAt: '2026-02-30T10:00' }, /「发现时间」格式不对/],
    ['observedAt', { observedAt: new Date(Date.now() + 3_600_000).toISOString() }, /「发现时间」不能晚于现在/],
    ['anonymous', { anonymous: undefined }, /请选择是否留下联系方式/],
    ['anonymous', { anonymous: 12 }, /anonymous 应是 true（匿名）或 false/],
    ['contactName', { contactName: ' ' }, /请填写「您的称呼」.*匿名反映/],
    ['contactName', { contactName: '名'.repeat(21) }, /「您的称呼」不能超过 20 个字/],
    ['contactPhone', { contactPhone: undefined }, /请填写「联系电话」，如 13812345678/],
    ['contactPhone', { contactPhone: '12345' }, /「联系电话」格式不对，请填写手机号码/],
    ['homepage', { homepage: 'http://spam.example' }, /不应填写的隐藏栏被填上了/],
    ['idempotencyKey', { idempotencyKey: 'not-a-uuid' }, /idempotencyKey 应是 UUID/],
  ];

  it.each(cases)('%s (case %#)', async (field, over, message) => {
    const mark = marker();
    const res = await postJson(validComplaint(mark, over));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Errors;
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.field).toBe(field);
    expect(body.errors[0]!.message).toMatch(message);
    expect(body.errors[0]!.message).toMatch(CJK);
    if (field in FIELD_LABELS && field !== 'homepage' && field !== 'anonymous')
      expect(body.errors[0]!.message).toContain(FIELD_LABELS[field as keyof typeof FIELD_LABELS]);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('lists every problem at once, in form order', async () => {
    const res = await postJson({ description: '短', anonymous: false });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as Errors).errors.map((e) => e.field);
    expect(fields).toEqual(['category', 'placeType', 'townId', 'description', 'contactName', 'contactPhone']);
  });

  it('rejects a body that is not valid JSON or not an object', async () => {
    const bad = await exports.default.fetch('http://envgrid.test/api/complaints', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"category": "dust",',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [{ field: 'body', message: expect.stringMatching(/不是有效的 JSON/) }],
    });
    for (const body of [[], 'text', 42, null]) {
      const r = await postJson(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(((await r.json()) as Errors).errors[0]).toEqual({
        field: 'body',
        message: expect.stringMatching(/应是一个 JSON 对象/),
      });
    }
  });
});

describe('413 and 415', () => {
  const big = (mark: string) => JSON.stringify(validComplaint(mark, { padding: 'x'.repeat(MAX_BODY_BYTES) }));

  it('answers 413 when Content-Length says the body is over 64 KB', async () => {
    const mark = marker();
    const body = big(mark);
    const res = await exports.default.fetch('http://envgrid.test/api/complaints', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/超过 64 KB/);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('answers 413 by counting the bytes of a body sent without Content-Length', async () => {
    const mark = marker();
    const bytes = new TextEncoder().encode(big(mark));
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < bytes.length; i += 8192) ctl.enqueue(bytes.slice(i, i + 8192));
        ctl.close();
      },
    });
    const req = new Request('http://envgrid.test/api/complaints', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
    });
    expect(req.headers.get('content-length')).toBeNull();
    const res = await exports.default.fetch(req);
    expect(res.status).toBe(413);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('accepts a body just under the limit', async () => {
    const mark = marker();
    const bytes = (s: string) => new TextEncoder().encode(s).length;
    const base = bytes(JSON.stringify(validComplaint(mark, { padding: '' })));
    const body = JSON.stringify(validComplaint(mark, { padding: 'x'.repeat(MAX_BODY_BYTES - base) }));
    expect(bytes(body)).toBe(MAX_BODY_BYTES);
    const res = await exports.default.fetch('http://envgrid.test/api/complaints', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body,
    });
    expect(res.status).toBe(201);
  });

  it('answers 415 for other content types, or none', async () => {
    const mark = marker();
    for (const type of ['text/plain', 'application/xml', 'application/jsonx', undefined]) {
      const res = await exports.default.fetch('http://envgrid.test/api/complaints', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: new TextEncoder().encode(JSON.stringify(validComplaint(mark))),
      });
      expect(res.status, String(type)).toBe(415);
      expect(((await res.json()) as { error: string }).error).toMatch(/application\/json/);
    }
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });
});

describe('503 when D1 is unavailable', () => {
  it('answers 503 and stores nothing when D1 fails on every call', async () => {
    const mark = marker();
    const res = await apiWith({ DB: downDb })('/api/complaints', jsonInit(validComplaint(mark)));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(((await res.json()) as { error: string }).error).toMatch(/暂时无法保存/);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('answers 503 and stores nothing when D1 fails while writing the complaint', async () => {
    const mark = marker();
    const ip = freshIp();
    const res = await apiWith({ DB: dbFailingOnBatch(env.DB, 1) })(
      '/api/complaints',
      jsonInit(validComplaint(mark), ip),
    );
    expect(res.status).toBe(503);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
    // The slot is taken in the failed batch itself, so it failed with it: with a limit of 1 the same client may still submit.
    const again = await apiWith({ RATE_LIMIT_MAX: '1' })('/api/complaints', jsonInit(validComplaint(mark), ip));
    expect(again.status).toBe(201);
  });

  it('answers 503 to a lookup when D1 fails', async () => {
    const res = await apiWith({ DB: downDb })('/api/complaints/ABCD-EFGH-JKMN', { method: 'GET' });
    expect(res.status).toBe(503);
  });
});
