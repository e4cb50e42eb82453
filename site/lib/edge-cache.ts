/**
 * Edge cache for public pages rendered on demand that depend only on the build (issue 16):
 * the printable village notices. The first request in a Cloudflare location renders the page
 * and keeps it in that location's cache (the Workers Cache API, for as long as the page's
 * Cache-Control allows); later requests get the copy without rendering. The key carries the
 * build's id, so a new deployment never serves a notice of the previous roster.
 */
import type { APIContext, MiddlewareNext } from 'astro';
import build from 'virtual:envgrid/build';

/** Pages kept in the edge cache: a pattern over the path. */
const EDGE_CACHED = /^\/villages\/[^/]+\/notice\/$/;

/** Serves an edge-cached page from the cache, or renders it with `next` and keeps a good answer. */
export async function withEdgeCache(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { request, url } = context;
  if (request.method !== 'GET' || !EDGE_CACHED.test(url.pathname)) return next();
  // Workers' CacheStorage (the DOM type the site is also checked against has no `default`).
  const cache = (caches as unknown as { default: Cache }).default;
  const key = new Request(`${url.origin}${url.pathname}?build=${encodeURIComponent(build.id)}`);
  const hit = await cache.match(key);
  if (hit) return new Response(hit.body, hit);
  const res = await next();
  if (res.status === 200 && /\bpublic\b/.test(res.headers.get('cache-control') ?? '')) {
    context.locals.cfContext?.waitUntil(cache.put(key, res.clone()));
  }
  return res;
}
