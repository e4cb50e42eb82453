/**
 * The persons of one town and its villages, for pages rendered on demand (the printable
 * village notice). The Worker's roster leaves people out (domain/roster/runtime.ts: a
 * province's people would blow the isolate's memory and the script size), so such a page
 * reads them from the town's open data file, `/data/towns/<id>.json`, which the build
 * prerenders from the same roster: one town's file, a few KB, through the ASSETS binding.
 */
import type { Town, Village } from '../../domain/roster/schema.ts';
import { townDataPath, type toTownOpenData } from './open-data.ts';

type TownOpenData = ReturnType<typeof toTownOpenData>;

/** What serves the build's static files: the ASSETS binding in the Worker. */
export type AssetFetcher = { fetch: (request: Request) => Promise<Response> };

/**
 * Reads `/data/towns/<townId>.json` from `assets` (under `astro dev`, which has no built
 * assets, from the dev server at `base`). Throws naming the file if it is missing or not JSON.
 */
export async function fetchTownOpenData(townId: string, base: URL, assets?: AssetFetcher): Promise<TownOpenData> {
  const url = new URL(townDataPath(townId), base);
  const res = assets ? await assets.fetch(new Request(url)) : await fetch(url);
  if (!res.ok) throw new Error(`town persons: ${url.pathname} answered ${res.status}`);
  return (await res.json()) as TownOpenData;
}

/**
 * The village and its town with their persons filled in from the town's open data file
 * (the same fields the roster has; the file is built from it). The roster's own objects are
 * left as they are: in the Worker their person fields are throwing getters, which the spread
 * does not copy.
 */
export function withTownPersons(village: Village, town: Town, data: TownOpenData): { village: Village; town: Town } {
  const v = data.villages.find((x) => x.id === village.id);
  if (!v || data.town.id !== town.id) throw new Error(`town persons: ${village.id} is not in ${town.id}'s open data`);
  return {
    village: { ...village, leaders: v.leaders, workers: v.workers, supervisors: v.supervisors, covers: v.covers },
    town: { ...town, leaders: data.town.leaders, officeDirector: data.town.officeDirector },
  };
}
