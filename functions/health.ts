import { Hono } from 'hono';
import type { AppEnv } from './types.ts';

/** `GET /api/health`: 200 once a real query against D1 succeeds, 503 when D1 fails. */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  try {
    const row = await c.env.DB.prepare('SELECT 1 AS one').first<{ one: number }>();
    if (row?.one !== 1) throw new Error('unexpected D1 answer');
    return c.json({ ok: true, db: true });
  } catch {
    return c.json({ ok: false, db: false }, 503);
  }
});
