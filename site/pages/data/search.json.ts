/** The home page search index, fetched when the search box is first used. */
import type { APIRoute } from 'astro';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { buildSearchIndex } from '../../lib/search-index.ts';
import { townFirst } from '../../lib/scale.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(JSON.stringify(buildSearchIndex(rosterIndex.roster, { people: !townFirst(rosterIndex.roster) })), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
