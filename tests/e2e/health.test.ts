import { describe, expect, inject, it } from 'vitest';

describe('built Worker on wrangler dev with a local D1', () => {
  it('serves /api/health from a real D1 query', async () => {
    const res = await fetch(`${inject('baseURL')}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: true });
  });
});
