import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { createApi } from '../../functions/app.ts';

describe('bench-only insert route', () => {
  it('does not exist unless BENCH_ROUTES is "1"', async () => {
    const res = await exports.default.fetch('http://x/api/_bench/insert', { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: '没有这个接口' });
    for (const value of ['0', 'true', '']) {
      const r = await createApi().request('/api/_bench/insert', { method: 'POST' }, { ...env, BENCH_ROUTES: value });
      expect(r.status).toBe(404);
    }
  });

  it('stores each request with one D1 insert when enabled', async () => {
    const benchEnv = { ...env, BENCH_ROUTES: '1' };
    const api = createApi();
    const before = (await (await api.request('/api/_bench/insert', {}, benchEnv)).json()) as { rows: number };
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await api.request('/api/_bench/insert', { method: 'POST', body: `{"n":${i}}` }, benchEnv);
      expect(res.status).toBe(201);
      ids.add(((await res.json()) as { id: string }).id);
    }
    expect(ids.size).toBe(3);
    const after = (await (await api.request('/api/_bench/insert', {}, benchEnv)).json()) as { rows: number };
    expect(after.rows - before.rows).toBe(3);
    const row = await env.DB.prepare(
      'SELECT body FROM bench_inserts ORDER BY received_at DESC, rowid DESC LIMIT 1',
    ).first<{
      body: string;
    }>();
    expect(row?.body).toBe('{"n":2}');
  });

  it('counts complaints when enabled', async () => {
    const res = await createApi().request('/api/_bench/complaints', {}, { ...env, BENCH_ROUTES: '1' });
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM complaints').first<{ n: number }>();
    expect(await res.json()).toEqual({ rows: stored?.n });
  });
});
