/**
 * How pages that would list every village behave at scale (issue 16). A
 * district's few dozen villages fit on one page (the home page's directory,
 * the complaint form's picker); a province's 50,000 do not (225 KB compressed
 * at 24,000), so beyond the limit those pages go town first: the town list
 * (/towns/, paged) leads to a town, and the form lists that town's villages.
 */
import type { DistrictLeader, Roster } from '../../domain/roster/schema.ts';
import { pagesByWeight } from './paging.ts';

/** Up to this many villages, the home page and the complaint form list every village inline. */
export const INLINE_VILLAGES_MAX = 300;

/** Towns per page of the town list (/towns/, /towns/2/, …): about 10 KB compressed at most. */
export const TOWNS_PER_PAGE = 150;

/** True when pages choose the town first instead of listing every village. */
export function townFirst(roster: Roster): boolean {
  return roster.villages.length > INLINE_VILLAGES_MAX;
}

/** The town list's pages, in roster order. */
export function townPages<T>(towns: readonly T[]): T[][] {
  return pagesByWeight(towns, () => 1, TOWNS_PER_PAGE);
}

/**
 * Weight of one page of the 一级网格长 list (/district/, or /district/leaders/ … when it takes
 * more than one page): a leader weighs 1 plus the towns they are responsible for. About 150
 * entries is about 9 KB compressed.
 */
export const LEADERS_PAGE_WEIGHT = 300;

/** The 一级网格长 list's pages: one for a district (shown on /district/ itself), more for a province. */
export function leaderPages(leaders: readonly DistrictLeader[]): DistrictLeader[][] {
  return pagesByWeight(leaders, (l) => 1 + l.towns.length, LEADERS_PAGE_WEIGHT);
}
