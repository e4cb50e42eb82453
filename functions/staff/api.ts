/**
 * `/api/staff/*`: every route here is behind `requireStaff` (a verified
 * Access token of a directory member) and `sameOriginOnly` (posts from this
 * origin only). Case routes are mounted here by the case desk
 * (`staffApi.route('/cases', cases)`), at module level in this file: Hono's
 * `app.route()` in app.ts copies the routes that exist when it runs.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../types.ts';
import { requireStaff, sameOriginOnly } from './middleware.ts';
import { cases } from './cases/index.ts';

export const staffApi = new Hono<AppEnv>()
  .use('*', requireStaff, sameOriginOnly)
  /** The caller as the directory knows them (the console and scripts check a token with it). */
  .get('/me', (c) => c.json({ staff: c.var.staff! }))
  .route('/cases', cases);
