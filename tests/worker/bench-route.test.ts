import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { benchFetch } from '../../bench/worker/bench-routes.mjs';

describe('bench-only insert route', () => {
  it('is not part of the production Worker', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await exports.default.fetch('http://x/api/_bench/insert', {
        method,
        body: method === 'POST' ? 'x' : null,
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: '没有这个接口' });
    }
  });

  it('leaves every other path to the production Worker', () => {
    expect(benchFetch(new Request('http://x/api/complaints', { method: 'POST' }), env)).toBeUndefined();
  });

  it('stores each request with one D1 insert', async () => {
    const call = async (init?: RequestInit) =>
      (await benchFetch(new Request('http://x/api/_bench/insert', init), env))!;
    const before = (await (await call()).json()) as { rows: number };
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await call({ method: 'POST', body: `{"n":${i}}` });
      expect(res.status).toBe(201);
      ids.add(((await res.json()) as { id: string }).id);
    }
    expect(ids.size).toBe(3);
    const after = (await (await call()).json()) as { rows: number };
    expect(after.rows - before.rows).toBe(3);
    const row = await env.DB.prepare(
      'SELECT body FROM bench_inserts ORDER BY received_at DESC, rowid DESC LIMIT 1',
    ).first<{
      body: string;
    }>();
    expect(row?.body).toBe('{"n":2}');
  });

  it('counts complaints', async () => {
    const res = (await benchFetch(new Request('http://x/api/_bench/complaints'), env))!;
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM complaints').first<{ n: number }>();
    expect(await res.json()).toEqual({ rows: stored?.n });
  });
});
