/**
 * Bench-only routes, the ceiling `POST /api/complaints` is measured against:
 * `POST /api/_bench/insert` stores the request body with one D1 insert and
 * nothing else; `GET /api/_bench/insert` and `GET /api/_bench/complaints`
 * count rows, so the benchmark can check every 201 was really stored.
 *
 * They are not part of the production Worker: bench/lib/bench-worker.ts wraps
 * a finished build's entry with this module for the benchmark's server only.
 * The build's Worker is served unbundled (`no_bundle`), so this is plain
 * JavaScript with no imports. They write to their own table, created on first
 * use, so no migration ever adds a bench table.
 */

const CREATE = `CREATE TABLE IF NOT EXISTS bench_inserts (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL
)`;

/** @type {Promise<unknown> | undefined} */
let ready;

/** @param {D1Database} db @param {string} sql */
async function count(db, sql) {
  const row = /** @type {{ n: number } | null} */ (await db.prepare(sql).first());
  return Response.json({ rows: row?.n ?? 0 });
}

/**
 * Answers `/api/_bench/*`, or undefined for any other path.
 * @param {Request} request
 * @param {{ DB: D1Database }} env
 * @returns {Promise<Response> | undefined}
 */
export function benchFetch(request, env) {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith('/api/_bench/')) return undefined;
  return (async () => {
    ready ??= env.DB.prepare(CREATE)
      .run()
      .catch((/** @type {unknown} */ e) => {
        ready = undefined; // let the next request try again
        throw e;
      });
    await ready;
    const route = `${request.method} ${pathname}`;
    if (route === 'POST /api/_bench/insert') {
      const id = crypto.randomUUID();
      await env.DB.prepare('INSERT INTO bench_inserts (id, body, received_at) VALUES (?1, ?2, ?3)')
        .bind(id, await request.text(), new Date().toISOString())
        .run();
      return Response.json({ id }, { status: 201 });
    }
    if (route === 'GET /api/_bench/insert') return count(env.DB, 'SELECT count(*) AS n FROM bench_inserts');
    if (route === 'GET /api/_bench/complaints') return count(env.DB, 'SELECT count(*) AS n FROM complaints');
    return Response.json({ error: 'no such bench route' }, { status: 404 });
  })();
}
