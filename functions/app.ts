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
import { officeUpdates } from './office/updates.ts';
import { open311 } from './open311/index.ts';
import { OPEN311_BASE_PATH } from '../domain/open311.ts';
import { patrols } from './patrols/api.ts';
import { rosterConsole } from './roster/console/index.ts';

/** Builds the API. */
export function createApi() {
  const root = new Hono<AppEnv>();
  const app = root.basePath('/api');
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
  // Open311 keeps the spec's usual address beside /api; `basePath` shares the router, so `app` serves it too.
  root.route(OPEN311_BASE_PATH, open311);
  return (
    app
      .route('/health', health)
      .route('/complaints', complaints)
      .route('/staff', staffApi)
      // After /staff: its requireStaff + sameOriginOnly ('/api/staff/*') run first for these routes too.
      .route('/staff/patrols', patrols)
      .route('/staff/roster', rosterConsole)
      .route('/photos', photos)
      .route('/office/updates', officeUpdates)
  );
}
