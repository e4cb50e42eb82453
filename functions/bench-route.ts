/**
 * Bench-only routes, the ceiling `POST /api/complaints` is measured against:
 * `POST /api/_bench/insert` stores the request body with one D1 insert and
 * nothing else; `GET /api/_bench/insert` and `GET /api/_bench/complaints`
 * count rows, so the benchmark can check every 201 was really stored.
 *
 * They answer 404 like any unknown path unless the Worker var BENCH_ROUTES is
 * "1", which only bench/intake.ts sets (wrangler dev --var). They write to
 * their own table, created on first use, so no migration adds a bench table to
 * production and a production database never has one.
 */
import { Hono } from 'hono';
import type { AppEnv } from './types.ts';

declare global {
  interface Env {
    /** "1" enables the bench-only routes (never set in production). */
    BENCH_ROUTES?: string;
  }
}

const CREATE = `CREATE TABLE IF NOT EXISTS bench_inserts (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL
)`;

let ready: Promise<unknown> | undefined;

export const benchRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (c.env.BENCH_ROUTES !== '1') return c.notFound();
    ready ??= c.env.DB.prepare(CREATE)
      .run()
      .catch((e: unknown) => {
        ready = undefined; // let the next request try again
        throw e;
      });
    await ready;
    await next();
  })
  .post('/insert', async (c) => {
    const id = crypto.randomUUID();
    await c.env.DB.prepare('INSERT INTO bench_inserts (id, body, received_at) VALUES (?1, ?2, ?3)')
      .bind(id, await c.req.text(), new Date().toISOString())
      .run();
    return c.json({ id }, 201);
  })
  .get('/insert', async (c) => {
    const row = await c.env.DB.prepare('SELECT count(*) AS n FROM bench_inserts').first<{ n: number }>();
    return c.json({ rows: row?.n ?? 0 });
  })
  .get('/complaints', async (c) => {
    const row = await c.env.DB.prepare('SELECT count(*) AS n FROM complaints').first<{ n: number }>();
    return c.json({ rows: row?.n ?? 0 });
  });
