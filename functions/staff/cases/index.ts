/**
 * `/api/staff/cases`: the case desk's API (docs/case-desk.md), mounted by
 * functions/staff/api.ts behind `requireStaff`, which sets `c.var.staff`.
 * JSON only: a form post from another site cannot reach it (415), and JSON
 * from another site needs a CORS preflight this API never grants.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../types.ts';
import { assignCutoff, duplicateWindow } from './config.ts';
import { loadVisibleCase, takeAction, type Caller, type Refusal } from './act.ts';
import { presentWithDuplicates } from './present.ts';
import { listCases, overviewOf, parseQueueFilter } from './list.ts';
import { openCase } from './open.ts';
import { readCapped } from '../../complaints/body.ts';
import { mayOpenCase, mayViewOverview } from '../../../domain/cases/machine.ts';

type C = Context<AppEnv>;

const MAX_BODY = 64 * 1024;

/** The signed-in staff member; `requireStaff` runs first, so a missing one is a wiring bug (401, fail closed). */
function caller(c: C): Caller | null {
  return c.get('staff') ?? null;
}

/** The JSON body, or the answer to send instead (415, 413, 400); the roster console reads its posts with it too. */
export async function jsonBody(c: C): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    return { ok: false, res: c.json({ error: '请用 JSON 提交（Content-Type: application/json）' }, 415) };
  }
  const bytes = await readCapped(c.req.raw, MAX_BODY);
  if (!bytes) return { ok: false, res: c.json({ error: `请求内容超过 ${MAX_BODY / 1024} KB` }, 413) };
  try {
    return { ok: true, body: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return { ok: false, res: c.json({ errors: [{ field: 'body', message: '请求内容不是有效的 JSON' }] }, 400) };
  }
}

/** A refusal as the API answers it. */
function refuse(c: C, r: Refusal): Response {
  if (r.status === 400) return c.json({ errors: r.errors }, 400);
  if (r.status === 409) return c.json({ error: r.error, allowed: r.allowed }, 409);
  return c.json({ error: r.error }, r.status);
}

const UNSIGNED = { error: '请先登录' } as const;

export const cases = new Hono<AppEnv>()
  .use(async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  })
  .get('/', async (c) => {
    const staff = caller(c);
    if (!staff) return c.json(UNSIGNED, 401);
    const f = parseQueueFilter(c.req.query());
    if (!f.ok) return c.json({ errors: f.errors }, 400);
    const now = new Date();
    const list = await listCases(c.env.DB, staff, f.value, now, assignCutoff(c.env), duplicateWindow(c.env));
    return c.json({ cases: list, count: list.length }, 200);
  })
  .get('/overview', async (c) => {
    const staff = caller(c);
    if (!staff) return c.json(UNSIGNED, 401);
    if (!mayViewOverview(staff)) return c.json({ error: '概览只对区网格办和领导开放' }, 403);
    const now = new Date();
    const list = await listCases(c.env.DB, staff, {}, now, assignCutoff(c.env));
    return c.json(overviewOf(list, now), 200);
  })
  .post('/', async (c) => {
    const staff = caller(c);
    if (!staff) return c.json(UNSIGNED, 401);
    if (!mayOpenCase(staff)) return c.json({ error: '只有区网格办可以登记案件' }, 403);
    const b = await jsonBody(c);
    if (!b.ok) return b.res;
    const r = await openCase(c.env, staff, b.body, new Date());
    if (!r.ok) return c.json({ errors: r.errors }, 400);
    const found = await loadVisibleCase(c.env.DB, staff, r.trackingCode);
    if (!found.ok) return refuse(c, found);
    c.header('location', new URL(`/api/staff/cases/${found.loaded.row.tracking_code}`, c.req.url).href);
    return c.json(await presentWithDuplicates(c.env, found.loaded, staff, new Date()), r.created ? 201 : 200);
  })
  .get('/:code', async (c) => {
    const staff = caller(c);
    if (!staff) return c.json(UNSIGNED, 401);
    const found = await loadVisibleCase(c.env.DB, staff, c.req.param('code'));
    if (!found.ok) return refuse(c, found);
    return c.json(await presentWithDuplicates(c.env, found.loaded, staff, new Date()), 200);
  })
  .post('/:code/actions', async (c) => {
    const staff = caller(c);
    if (!staff) return c.json(UNSIGNED, 401);
    const b = await jsonBody(c);
    if (!b.ok) return b.res;
    const r = await takeAction(c.env.DB, staff, c.req.param('code'), b.body, new Date(), assignCutoff(c.env));
    if (!r.ok) return refuse(c, r);
    return c.json(r.case, 200);
  });
