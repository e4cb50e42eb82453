import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';

describe('GET /api/health', () => {
  it('answers ok after a real D1 query', async () => {
    const res = await exports.default.fetch('http://x/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: true });
  });

  it('answers 503 with db:false when D1 fails', async () => {
    const broken = {
      prepare: () => {
        throw new Error('D1 down');
      },
    } as unknown as D1Database;
    const { createApi } = await import('../../functions/app.ts');
    const res = await createApi().request('/api/health', {}, { ...env, DB: broken });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, db: false });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await exports.default.fetch('http://x/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: '没有这个接口' });
  });
});
