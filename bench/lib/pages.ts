/** The representative pages every page benchmark uses, so their figures describe the same pages. */
import type { Roster, Town, Village } from '../../domain/roster/schema.ts';

/** The first town (by id) and the first of its villages. */
export function representative(roster: Roster): { town: Town; village: Village } {
  const town = roster.towns[0]!;
  const village = roster.villages.find((v) => v.town === town.id) ?? roster.villages[0]!;
  return { town, village };
}
