/**
 * The grid's state against the plan for /grid-status/, assessed once per
 * build and split into pages of towns (one page for a district, hundreds for
 * a province), so every page stays small.
 */
import { rosterIndex } from '../../domain/roster/current.ts';
import { assessTowns, type TownAssessment } from '../../domain/roster/assess.ts';
import { latestDate } from './format.ts';
import { pagesByWeight } from './paging.ts';

/** Villages (plus one per town) per page: a town's section is about one table row per village. */
export const GRID_STATUS_PAGE_WEIGHT = 60;

export interface GridStatus {
  towns: TownAssessment[];
  townsMet: number;
  villages: number;
  villagesMet: number;
  pages: TownAssessment[][];
  /** The newest `updated` of the district, its towns and villages. */
  updated: string;
  /** Whether any village is sample data. */
  sample: boolean;
}

let cached: GridStatus | undefined;

/** The assessment of every town and the pages it is shown on (computed once: every page needs the totals). */
export function gridStatus(): GridStatus {
  if (cached) return cached;
  const { roster } = rosterIndex;
  const towns = assessTowns(roster);
  const villages = towns.flatMap((t) => t.villages);
  cached = {
    towns,
    townsMet: towns.filter((t) => t.met).length,
    villages: villages.length,
    villagesMet: villages.filter((v) => v.met).length,
    pages: pagesByWeight(towns, (t) => 1 + t.villages.length, GRID_STATUS_PAGE_WEIGHT),
    updated: latestDate(
      roster.district.updated,
      ...roster.towns.map((t) => t.updated),
      ...roster.villages.map((v) => v.updated),
    ),
    sample: roster.villages.some((v) => v.sample),
  };
  return cached;
}
