/**
 * Open data: the published roster as JSON, one file for a small roster, an
 * index of per-town files for a large one (format: docs/open-data.md).
 */
import type { APIRoute } from 'astro';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { rosterDocument } from '../../lib/open-data.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(`${JSON.stringify(rosterDocument(rosterIndex.roster), null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
