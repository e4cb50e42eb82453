/**
 * The grid's state against the plan for /grid-status/, assessed once per
 * build and split into pages of towns (one page for a district, hundreds for
 * a province), so every page stays small.
 */
import { rosterIndex } from '../../domain/roster/current.ts';
import { assessTowns, type TownAssessment } from '../../domain/roster/assess.ts';
import { pagesByWeight } from './paging.ts';

/** Villages (plus one per town) per page: a town's section is about one table row per village. */
export const GRID_STATUS_PAGE_WEIGHT = 60;

export interface GridStatus {
  towns: TownAssessment[];
  townsMet: number;
  villages: number;
  villagesMet: number;
  pages: TownAssessment[][];
}

let cached: GridStatus | undefined;

/** The assessment of every town and the pages it is shown on (computed once; every page needs the totals). */
export function gridStatus(): GridStatus {
  if (cached) return cached;
  const towns = assessTowns(rosterIndex.roster);
  const villages = towns.flatMap((t) => t.villages);
  cached = {
    towns,
    townsMet: towns.filter((t) => t.met).length,
    villages: villages.length,
    villagesMet: villages.filter((v) => v.met).length,
    pages: pagesByWeight(towns, (t) => 1 + t.villages.length, GRID_STATUS_PAGE_WEIGHT),
  };
  return cached;
}
