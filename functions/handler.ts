/**
 * The Worker's handlers, independent of Astro: `/api/*` goes to Hono, every
 * other request to the page handler passed in (Astro in production, a stub in
 * API-only tests), and cron to `runScheduled`.
 */
import { createApi, type PageHandler } from './app.ts';
import { runScheduled } from './scheduled.ts';

export function createWorker(pages: PageHandler) {
  const api = createApi(pages);
  return {
    fetch(request, env, ctx) {
      const { pathname } = new URL(request.url);
      if (pathname === '/api' || pathname.startsWith('/api/')) return api.fetch(request, env, ctx);
      return pages(request, env, ctx);
    },
    scheduled(controller, env, ctx) {
      ctx.waitUntil(runScheduled(controller, env, ctx));
    },
  } satisfies ExportedHandler<Env>;
}
