/** Open data: the handling statistics of a month or quarter as JSON (format: docs/open-data.md). */
import type { APIRoute } from 'astro';
import { env } from 'cloudflare:workers';
import { periodParam, publicStatistics, STATISTICS_MAX_AGE } from '../../../functions/services/statistics.ts';

export const prerender = false;

export const GET: APIRoute = async ({ url }) => {
  const p = periodParam(url.searchParams);
  if (!p.ok) {
    return Response.json({ errors: p.errors }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  return new Response(`${JSON.stringify(await publicStatistics(env, p.period), null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': `public, max-age=${STATISTICS_MAX_AGE}`,
    },
  });
};
