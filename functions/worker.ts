/** The Worker entry (wrangler.toml `main`): site pages through Astro, `/api/*` through Hono, cron. */
import astro from '@astrojs/cloudflare/entrypoints/server';
import { createWorker } from './handler.ts';

export default createWorker((request, env, ctx) => astro.fetch(request, env, ctx));
