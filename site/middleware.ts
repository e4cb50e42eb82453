/**
 * Guards the staff pages: every on-demand page under /staff/ (except the
 * sign-in and sign-out pages) needs a verified Access token of a directory
 * member, checked by the same `staffGate` as /api/staff/*; the member is then
 * `Astro.locals.staff`. Any post to a /staff/ page must come from this origin.
 * Refusals are the small Chinese pages under /staff-denied/.
 */
import { defineMiddleware } from 'astro:middleware';
import { env } from 'cloudflare:workers';
import { crossOriginRefusal, isGuardedStaffPath, staffGate } from '../functions/services/staff.ts';
import { withEdgeCache } from './lib/edge-cache.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const { pathname } = context.url;
  // Prerendered pages are built once, with no visitor: nothing to check (and no /staff/ page is prerendered).
  if (context.isPrerendered) return next();
  // Public on-demand pages that depend only on the build (printable notices): the edge cache.
  if (!(pathname === '/staff' || pathname.startsWith('/staff/'))) return withEdgeCache(context, next);
  const refusal = crossOriginRefusal(context.request);
  if (refusal) {
    console.warn(`staff: 403 ${pathname}: ${refusal}`);
    return context.rewrite('/staff-denied/cross-origin/');
  }
  if (isGuardedStaffPath(pathname)) {
    const gate = await staffGate(context.request, env);
    if (!gate.ok) return context.rewrite(`/staff-denied/${gate.status}/`);
    context.locals.staff = gate.staff;
  }
  const response = await next();
  // Staff pages show names and cases: never keep them in a shared or browser cache.
  response.headers.set('cache-control', 'no-store');
  return response;
});
