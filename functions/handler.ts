/**
 * The Worker's handlers, independent of Astro: `/api/*` and `/open311/*` go to Hono, every
 * other request to the page handler passed in (Astro in production, a stub in
 * API-only tests), and cron to `runScheduled`. Every answer leaves with the
 * security headers (functions/security/headers.ts).
 */
import { createApi } from './app.ts';
import { runScheduled } from './scheduled.ts';
import { publicationRecorder } from './roster/publish/serve.ts';
import { withSecurityHeaders } from './security/headers.ts';

export type PageHandler = (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response> | Response;

/** The Worker: API, pages and cron, every answer with the security headers. */
export function createWorker(pages: PageHandler) {
  const api = createApi();
  // The first request of a new Worker version records the roster changes it carries as published.
  const recordServe = publicationRecorder();
  return {
    async fetch(request, env, ctx) {
      recordServe(env, ctx);
      const url = new URL(request.url);
      const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/open311/');
      const res = isApi ? await api.fetch(request, env, ctx) : await pages(request, env, ctx);
      return withSecurityHeaders(res, url);
    },
    scheduled(controller, env, ctx) {
      ctx.waitUntil(runScheduled(controller, env, ctx));
    },
  } satisfies ExportedHandler<Env>;
}
