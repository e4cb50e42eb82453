import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { readCapped } from '../../functions/complaints/body.ts';
import {
  apiWith,
  countStored,
  freshIp,
  jsonInit,
  marker,
  postForm,
  postJson,
  validComplaint,
} from './support/complaints.ts';

interface Created {
  trackingCode: string;
  status: string;
  receivedAt: string;
}

describe('idempotency', () => {
  it('answers a repeated key with the same payload with the first result and 200, never a second complaint', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const first = await postJson(validComplaint(mark, { idempotencyKey: key }));
    expect(first.status).toBe(201);
    const a = (await first.json()) as Created;
    // Same key in upper case, from another address, the same complaint with other spacing: a retry.
    const again = await postJson(
      validComplaint(mark, { idempotencyKey: key.toUpperCase(), address: `  建设路与友谊路交叉口东南角   ${mark}\n` }),
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(a);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers 422 to a used key with another payload, stores nothing and never reveals the first code', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const first = await postJson(validComplaint(mark, { idempotencyKey: key }));
    expect(first.status).toBe(201);
    const { trackingCode } = (await first.json()) as Created;
    const other = marker();
    const changed = await postJson(
      validComplaint(other, { idempotencyKey: key, contactName: '另一位', description: `另一段描述 ${other}` }),
    );
    expect(changed.status).toBe(422);
    const text = await changed.text();
    expect(JSON.parse(text)).toEqual({ error: expect.stringContaining('已经提交过') });
    expect(text).not.toContain(trackingCode);
    // Only the key, nothing else of the first complaint: no code either.
    const keyOnly = await postJson({ idempotencyKey: key });
    expect(keyOnly.status).toBe(422);
    expect(await keyOnly.text()).not.toContain(trackingCode);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
    expect(await countStored(other)).toEqual({ complaints: 0, events: 0 });
  });

  it('answers a repeated form post with the same confirmation redirect', async () => {
    const mark = marker();
    const fields = validComplaint(mark, { idempotencyKey: crypto.randomUUID() });
    const one = await postForm(fields);
    const two = await postForm(fields);
    expect(one.status).toBe(303);
    expect(two.status).toBe(303);
    expect(two.headers.get('location')).toBe(one.headers.get('location'));
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('stores one complaint when 50 retries with one key arrive at once', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const ip = freshIp();
    const call = apiWith({ RATE_LIMIT_MAX: '1000' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        call('/api/complaints', jsonInit(validComplaint(mark, { idempotencyKey: key }), ip)),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const codes = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as Created).trackingCode)));
    expect(codes.size).toBe(1);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers a burst of retries with the first result even beyond the rate limit', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const ip = freshIp();
    const first = await postJson(validComplaint(mark, { idempotencyKey: key }), { ip });
    expect(first.status).toBe(201);
    const call = apiWith({ RATE_LIMIT_MAX: '1' });
    const retries = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('/api/complaints', jsonInit(validComplaint(mark, { idempotencyKey: key }), ip)),
      ),
    );
    expect(retries.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });
});

describe('concurrency', () => {
  it('stores 200 concurrent submissions exactly once each', async () => {
    const mark = marker();
    const call = apiWith({ RATE_LIMIT_MAX: '1000' });
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call('/api/complaints', jsonInit(validComplaint(`${mark}#${i}#`, { idempotencyKey: crypto.randomUUID() }), ip)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    const codes = await Promise.all(results.map(async (r) => ((await r.json()) as Created).trackingCode));
    expect(new Set(codes).size).toBe(200);
    expect(await countStored(mark)).toEqual({ complaints: 200, events: 200 });
    for (const i of [0, 99, 199]) expect(await countStored(`${mark}#${i}#`)).toEqual({ complaints: 1, events: 1 });
    const stored = await env.DB.prepare(
      `SELECT count(DISTINCT tracking_code) AS n FROM complaints WHERE description LIKE ?1`,
    )
      .bind(`%${mark}%`)
      .first<{ n: number }>();
    expect(stored!.n).toBe(200);
    // 200 full submissions through workerd and D1: about 2 s idle, much more beside other builds.
  }, 60_000);
});

describe('reading the body', () => {
  it('stops reading a stream without Content-Length as soon as it passes the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        pulled += 1;
        ctl.enqueue(new Uint8Array(1024));
        if (pulled > 1000) ctl.close();
      },
    });
    const req = new Request('http://x/', { method: 'POST', body: stream });
    expect(req.headers.get('content-length')).toBeNull();
    expect(await readCapped(req, 4096)).toBeNull();
    expect(pulled).toBeLessThan(10);
  });

  it('reads a body up to the limit', async () => {
    const req = new Request('http://x/', { method: 'POST', body: new Uint8Array(4096) });
    expect((await readCapped(req, 4096))?.byteLength).toBe(4096);
  });
});
