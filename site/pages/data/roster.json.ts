/** Open data: the published roster as JSON (format: docs/open-data.md). */
import type { APIRoute } from 'astro';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { toOpenData } from '../../lib/open-data.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(`${JSON.stringify(toOpenData(rosterIndex.roster), null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
