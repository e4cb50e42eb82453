/** The home page search index, fetched when the search box is first used: the whole index, or the root of its shards. */
import type { APIRoute } from 'astro';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { siteSearchShards } from '../../lib/search-shards.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(JSON.stringify(siteSearchShards(rosterIndex.roster).get('')), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
