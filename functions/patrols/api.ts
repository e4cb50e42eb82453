/**
 * `/api/staff/patrols`: the patrol log's API (docs/patrols.md), mounted in functions/staff/api.ts
 * behind `requireStaff` and `sameOriginOnly`. A grid member posts patrols (JSON, the phone's
 * script sends the same body it kept offline) and lists their own; the office and viewers read
 * the frequency check for a week or month.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../types.ts';
import { readCapped } from '../complaints/body.ts';
import { StorageUnavailable } from '../complaints/store.ts';
import { mayViewOverview } from '../../domain/cases/machine.ts';
import { parsePeriod } from '../../domain/patrols.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { patrolsOf } from './queries.ts';
import { checkPeriod } from './check.ts';
import { d1Query } from '../d1-query.ts';
import { recordPatrol } from './record.ts';

const MAX_BODY = 64 * 1024;
const UNSIGNED = { error: '请先登录' } as const;

export const patrols = new Hono<AppEnv>()
  .get('/', async (c) => {
    const staff = c.get('staff');
    if (!staff) return c.json(UNSIGNED, 401);
    return c.json({ patrols: await patrolsOf(c.env.DB, staff.email) }, 200);
  })
  .get('/check', async (c) => {
    const staff = c.get('staff');
    if (!staff) return c.json(UNSIGNED, 401);
    if (!mayViewOverview(staff)) return c.json({ error: '巡查频次只对区网格办和领导开放' }, 403);
    let period;
    try {
      period = parsePeriod(c.req.query('period') ?? '');
    } catch (e) {
      return c.json({ errors: [{ field: 'period', message: (e as Error).message }] }, 400);
    }
    return c.json(await checkPeriod(d1Query(c.env.DB), rosterIndex.roster, period, todayInChina()), 200);
  })
  .post('/', async (c) => {
    const staff = c.get('staff');
    if (!staff) return c.json(UNSIGNED, 401);
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ error: '请用 JSON 提交（Content-Type: application/json）' }, 415);
    }
    const bytes = await readCapped(c.req.raw, MAX_BODY);
    if (!bytes) return c.json({ error: `请求内容超过 ${MAX_BODY / 1024} KB` }, 413);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return c.json({ errors: [{ field: 'body', message: '请求内容不是有效的 JSON' }] }, 400);
    }
    try {
      const r = await recordPatrol(c.env, staff, body, new Date());
      if (!r.ok) return c.json({ errors: r.errors }, r.status);
      return c.json({ id: r.id, created: r.created, cases: r.cases }, r.created ? 201 : 200);
    } catch (e) {
      if (e instanceof StorageUnavailable) {
        console.error('patrols: storing failed', e.cause);
        return c.json({ error: '巡查记录暂时无法保存，请稍后再试；已填写的内容仍保留在手机上' }, 503);
      }
      throw e;
    }
  });
