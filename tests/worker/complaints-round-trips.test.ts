/**
 * Intake's D1 round trips (issue 16): a new complaint costs one batch (the
 * replay check, the rate-limit slot and the insert together), and folding
 * them into one batch loses none of their guarantees: a retry answers with the
 * first result and takes no slot, another payload under the same key is 422,
 * a full client counter is 429 and stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { apiWith, countingDb, countStored, freshIp, jsonInit, marker, validComplaint } from './support/complaints.ts';

type Receipt = { trackingCode: string };

/** Slots held by the client hash of `ip`'s complaints (rate_limit_hits rows for that client's counter). */
async function slotsOf(trackingCode: string): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT count(*) AS n FROM rate_limit_hits
     WHERE key = 'complaint:' || (SELECT ip_hash FROM complaints WHERE tracking_code = ?1)`,
  )
    .bind(trackingCode.replaceAll('-', ''))
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('one D1 round trip per new complaint', () => {
  it('stores a keyed complaint with one batch and no other D1 call', async () => {
    const { db, calls } = countingDb(env.DB);
    const mark = marker();
    const res = await apiWith({ DB: db })(
      '/api/complaints',
      jsonInit(validComplaint(mark, { idempotencyKey: crypto.randomUUID() })),
    );
    expect(res.status).toBe(201);
    expect(calls).toEqual({ batches: 1, statements: 0 });
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers a retry from the same batch, without a second slot or a second row', async () => {
    const { db, calls } = countingDb(env.DB);
    const call = apiWith({ DB: db, RATE_LIMIT_MAX: '1' });
    const mark = marker();
    const ip = freshIp();
    const body = validComplaint(mark, { idempotencyKey: crypto.randomUUID() });
    const first = await call('/api/complaints', jsonInit(body, ip));
    expect(first.status).toBe(201);
    const code = ((await first.json()) as Receipt).trackingCode;
    // The limit of 1 is used up, yet the retry is answered with the first result.
    const again = await call('/api/complaints', jsonInit(body, ip));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Receipt).trackingCode).toBe(code);
    expect(calls).toEqual({ batches: 2, statements: 0 });
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
    expect(await slotsOf(code)).toBe(1);
  });

  it('refuses another payload under a stored key with 422, storing nothing', async () => {
    const call = apiWith({ RATE_LIMIT_MAX: '1000' });
    const mark = marker();
    const key = crypto.randomUUID();
    const first = await call('/api/complaints', jsonInit(validComplaint(mark, { idempotencyKey: key })));
    expect(first.status).toBe(201);
    const code = ((await first.json()) as Receipt).trackingCode;
    const other = await call(
      '/api/complaints',
      jsonInit(validComplaint(mark, { idempotencyKey: key, address: '另一个地址 8 号' })),
    );
    expect(other.status).toBe(422);
    expect(JSON.stringify(await other.json())).not.toContain(code);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers 429 from the same batch when the client counter is full, storing nothing', async () => {
    const { db, calls } = countingDb(env.DB);
    const call = apiWith({ DB: db, RATE_LIMIT_MAX: '1' });
    const ip = freshIp();
    const first = await call('/api/complaints', jsonInit(validComplaint(marker()), ip));
    expect(first.status).toBe(201);
    const mark = marker();
    const second = await call(
      '/api/complaints',
      jsonInit(validComplaint(mark, { idempotencyKey: crypto.randomUUID() }), ip),
    );
    expect(second.status).toBe(429);
    expect(calls).toEqual({ batches: 2, statements: 0 });
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('checks the key when validation fails: an invalid body under a stored key is 422, not 400', async () => {
    const call = apiWith({});
    const mark = marker();
    const body = validComplaint(mark, { idempotencyKey: crypto.randomUUID() });
    const first = await call('/api/complaints', jsonInit(body));
    expect(first.status).toBe(201);
    const code = ((await first.json()) as Receipt).trackingCode;
    const invalid = await call('/api/complaints', jsonInit({ ...body, description: '短' }));
    expect(invalid.status).toBe(422);
    const same = await call('/api/complaints', jsonInit(body));
    expect(same.status).toBe(200);
    expect(((await same.json()) as Receipt).trackingCode).toBe(code);
  });
});
