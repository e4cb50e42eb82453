/**
 * Helpers for the complaint API tests: a valid submission built from the real
 * roster, request builders, and row counts in the real local D1.
 */
import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { createApi } from '../../../functions/app.ts';

function pickPlaces() {
  const [town, otherTown] = rosterIndex.roster.towns;
  if (!town || !otherTown) throw new Error('the test roster needs at least two towns');
  const village = rosterIndex.villagesOf(town.id)[0];
  const foreignVillage = rosterIndex.villagesOf(otherTown.id)[0];
  if (!village || !foreignVillage) throw new Error('the test roster needs villages in the first two towns');
  return { town, otherTown, village, foreignVillage };
}
const { town, otherTown, village, foreignVillage } = pickPlaces();

export { town, otherTown, village, foreignVillage };

let seq = 0;
/** A string no other test uses, to find this test's rows. */
/** The only keys a public complaint answer may have (GET /api/complaints/{code}). */
export const PUBLIC_COMPLAINT_KEYS = [
  'category',
  'placeType',
  'receivedAt',
  'routing',
  'status',
  'timeline',
  'townId',
  'trackingCode',
  'villageId',
].sort();

export function marker(): string {
  seq += 1;
  return `测试标记${Date.now().toString(36)}${seq}${crypto.randomUUID().slice(0, 8)}`;
}

/** An address no other test uses (TEST-NET-2 and -3 ranges). */
export function freshIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `${b[0]! % 2 ? '198.51' : '203.0'}.${b[1]}.${b[2]}`;
}

/** A submission that passes every rule; `mark` goes into the description so rows can be counted. */
export function validComplaint(mark: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'dust',
    placeType: 'construction_site',
    townId: town.id,
    villageId: village.id,
    address: `建设路与友谊路交叉口东南角 ${mark}`,
    description: `工地没有覆盖防尘网，风一吹满街都是灰。${mark}`,
    observedAt: '2026-01-15T09:30:00+08:00',
    anonymous: false,
    contactName: '测试王先生',
    contactPhone: '13812345678',
    ...over,
  };
}

export interface PostOptions {
  ip?: string;
  headers?: Record<string, string>;
}

/** POST /api/complaints with a JSON body to the real Worker entry. */
export function postJson(body: unknown, opts: PostOptions = {}): Promise<Response> {
  return exports.default.fetch('http://envgrid.test/api/complaints', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': opts.ip ?? freshIp(), ...opts.headers },
    body: JSON.stringify(body),
  });
}

/** A browser-like form post (URL-encoded, Accept: text/html). */
export function postForm(fields: Record<string, unknown>, opts: PostOptions = {}): Promise<Response> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.set(k, String(v));
  return exports.default.fetch('http://envgrid.test/api/complaints', {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'cf-connecting-ip': opts.ip ?? freshIp(),
      ...opts.headers,
    },
    body: form.toString(),
  });
}

/**
 * The API with changed settings or bindings (a higher rate limit, Turnstile,
 * a failing D1), called like the Worker does. Waits for `waitUntil` work
 * before returning.
 */
export function apiWith(overrides: Partial<Env>) {
  const app = createApi();
  return async (path: string, init: RequestInit): Promise<Response> => {
    const ctx = createExecutionContext();
    const res = await app.request(`http://envgrid.test${path}`, init, { ...env, ...overrides }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
}

/** JSON POST init for `apiWith`. */
export function jsonInit(body: unknown, ip = freshIp(), headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...headers },
    body: JSON.stringify(body),
  };
}

/** How many complaints (and their events) carry the marker. */
export async function countStored(mark: string): Promise<{ complaints: number; events: number }> {
  const like = `%${mark}%`;
  const c = await env.DB.prepare('SELECT count(*) AS n FROM complaints WHERE description LIKE ?1')
    .bind(like)
    .first<{ n: number }>();
  const e = await env.DB.prepare(
    `SELECT count(*) AS n FROM complaint_events WHERE complaint_id IN
       (SELECT id FROM complaints WHERE description LIKE ?1)`,
  )
    .bind(like)
    .first<{ n: number }>();
  return { complaints: c?.n ?? 0, events: e?.n ?? 0 };
}

/** A D1 binding whose every call fails, like D1 during an outage. */
export const downDb = new Proxy({} as D1Database, {
  get() {
    return () => {
      throw new Error('D1_ERROR: Network connection lost.');
    };
  },
});

/**
 * The real D1, except that its `n`-th batch fails. A new submission makes one
 * batch (the key check, the rate-limit slot and the write together), so n = 1
 * is D1 failing while it decides and writes.
 */
export function dbFailingOnBatch(db: D1Database, n: number): D1Database {
  let calls = 0;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch')
        return async (stmts: D1PreparedStatement[]) => {
          calls += 1;
          if (calls === n) throw new Error('D1_ERROR: Network connection lost.');
          return target.batch(stmts);
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** D1 calls made through a `countingDb`: batches, and single statements run on their own. */
export interface D1Calls {
  batches: number;
  statements: number;
}

/**
 * `db` counting its round trips: each `batch` is one, each prepared statement
 * run alone (`first`, `all`, `run`, `raw`) is one. Statements stay the real
 * objects (counted through their own methods), so `batch` accepts them.
 */
export function countingDb(db: D1Database): { db: D1Database; calls: D1Calls } {
  const calls: D1Calls = { batches: 0, statements: 0 };
  const count = (stmt: D1PreparedStatement): D1PreparedStatement => {
    for (const m of ['first', 'all', 'run', 'raw'] as const) {
      const original = stmt[m].bind(stmt) as (...a: unknown[]) => unknown;
      Object.defineProperty(stmt, m, {
        value: (...a: unknown[]) => {
          calls.statements += 1;
          return original(...a);
        },
      });
    }
    const bind = stmt.bind.bind(stmt);
    Object.defineProperty(stmt, 'bind', { value: (...v: unknown[]) => count(bind(...v)) });
    return stmt;
  };
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => count(target.prepare(sql));
      if (prop === 'batch')
        return (stmts: D1PreparedStatement[]) => {
          calls.batches += 1;
          return target.batch(stmts);
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, calls };
}
