/** Open data of one town and its villages, `/data/towns/<id>.json` (format: docs/open-data.md). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { rosterIndex } from '../../../../domain/roster/current.ts';
import { toTownOpenData } from '../../../lib/open-data.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  rosterIndex.roster.towns.map((t) => ({ params: { id: t.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(`${JSON.stringify(toTownOpenData(rosterIndex.roster, params.id!), null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
