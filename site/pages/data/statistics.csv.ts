/** Open data: the handling statistics of a month or quarter as CSV, the same numbers as the JSON. */
import type { APIRoute } from 'astro';
import { env } from 'cloudflare:workers';
import { periodParam, publicStatistics, STATISTICS_MAX_AGE, toCsv } from '../../../functions/services/statistics.ts';

export const prerender = false;

export const GET: APIRoute = async ({ url }) => {
  const p = periodParam(url.searchParams);
  if (!p.ok) {
    return Response.json({ errors: p.errors }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  return new Response(toCsv(await publicStatistics(env, p.period)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="statistics-${p.period.label}.csv"`,
      'cache-control': `public, max-age=${STATISTICS_MAX_AGE}`,
    },
  });
};
