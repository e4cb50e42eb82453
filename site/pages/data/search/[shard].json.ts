/** One shard of a large search index (site/lib/search-shards.ts); a small roster has none. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { rosterIndex } from '../../../../domain/roster/current.ts';
import { shardName } from '../../../lib/search-match.ts';
import { siteSearchShards, type SearchNode } from '../../../lib/search-shards.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  [...siteSearchShards(rosterIndex.roster)]
    .filter(([prefix]) => prefix !== '')
    .map(([prefix, node]) => ({ params: { shard: shardName(prefix) }, props: { node } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ node: SearchNode }> = ({ props }) =>
  new Response(JSON.stringify(props.node), { headers: { 'content-type': 'application/json; charset=utf-8' } });
