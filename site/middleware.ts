/**
 * Guards the staff pages: every on-demand page under /staff/ (except the
 * sign-in and sign-out pages) needs a verified Access token of a directory
 * member, checked by the same `staffGate` as /api/staff/*; the member is then
 * `Astro.locals.staff`. Any post to a /staff/ page must come from this origin.
 * Refusals are the small Chinese pages under /staff-denied/.
 */
import { defineMiddleware } from 'astro:middleware';
import { crossOriginRefusal, isGuardedStaffPath, staffGate } from '../functions/services/staff.ts';
import { withEdgeCache } from './lib/edge-cache.ts';
import { rosterIndex } from '../domain/roster/current.ts';
import { consoleClosedReason } from '../domain/roster/runtime.ts';

const isRosterConsolePath = (pathname: string) => pathname === '/staff/roster' || pathname.startsWith('/staff/roster/');

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
    // Imported here: this file also runs in Node when pages are prerendered, where there is no cloudflare:workers.
    const { env } = await import('cloudflare:workers');
    const gate = await staffGate(context.request, env);
    if (!gate.ok) return context.rewrite(`/staff-denied/${gate.status}/`);
    context.locals.staff = gate.staff;
    // A province's roster is edited offline: the console's pages say so (domain/roster/runtime.ts).
    if (isRosterConsolePath(pathname) && consoleClosedReason(rosterIndex.roster))
      return context.rewrite('/staff-denied/roster-closed/');
  }
  const response = await next();
  // Staff pages show names and cases: never keep them in a shared or browser cache.
  response.headers.set('cache-control', 'no-store');
  return response;
});
