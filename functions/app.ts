/**
 * The `/api/*` Hono app: one sub-app per resource, one error path.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './types.ts';
import { health } from './health.ts';
import { complaints } from './complaints/index.ts';
import { staffApi } from './staff/api.ts';
import { photos } from './photos/api.ts';
import { rosterConsole } from './roster/console/index.ts';

/** Builds the API. */
export function createApi() {
  const app = new Hono<AppEnv>().basePath('/api');
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      if (res.headers.get('content-type')) return res;
      return c.json({ error: err.message || '请求有误' }, err.status);
    }
    console.error('unhandled error', err);
    return c.json({ error: '服务器暂时无法处理，请稍后再试' }, 500);
  });
  app.notFound((c) => c.json({ error: '没有这个接口' }, 404));
  // `/staff/*` is for directory members only: requireStaff runs first on every route (staff/api.ts).
  // `/photos/*` answers only signed, unexpired links (photos/link.ts).
  return app
    .route('/health', health)
    .route('/complaints', complaints)
    .route('/staff', staffApi)
    .route('/staff/roster', rosterConsole)
    .route('/photos', photos);
}
