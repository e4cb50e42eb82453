/**
 * Lookups over a validated roster: the chain above a village, the villages of
 * a town, and so on. Built once per roster; pages and the Worker share it.
 */
import type { Roster, Town, Village, Department, SubLeader, DistrictLeader } from './schema.ts';

export interface RosterIndex {
  roster: Roster;
  town(id: string): Town | undefined;
  village(id: string): Village | undefined;
  department(id: string): Department | undefined;
  villagesOf(townId: string): Village[];
  /** The 二级分网格长 who covers a village (the first, if the roster lists more than one). */
  subLeaderOf(villageId: string): SubLeader | undefined;
  /** The district (level-1) leader responsible for a town (the first, if the roster lists more than one). */
  districtLeaderOf(townId: string): DistrictLeader | undefined;
  /** Every district leader who lists the town. */
  districtLeadersOf(townId: string): DistrictLeader[];
}

const indexes = new WeakMap<Roster, RosterIndex>();

/** The index of a roster, made once per roster object: for code handed a roster rather than the module's index. */
export function rosterIndexOf(roster: Roster): RosterIndex {
  let index = indexes.get(roster);
  if (!index) {
    index = indexRoster(roster);
    indexes.set(roster, index);
  }
  return index;
}

export function indexRoster(roster: Roster): RosterIndex {
  const towns = new Map(roster.towns.map((t) => [t.id, t]));
  const villages = new Map(roster.villages.map((v) => [v.id, v]));
  const departments = new Map(roster.departments.map((d) => [d.id, d]));
  const byTown = new Map<string, Village[]>();
  for (const v of roster.villages) {
    const list = byTown.get(v.town) ?? [];
    list.push(v);
    byTown.set(v.town, list);
  }
  const subLeader = new Map<string, SubLeader>();
  for (const t of roster.towns)
    for (const s of t.subLeaders) for (const v of s.villages) if (!subLeader.has(v)) subLeader.set(v, s);
  const districtLeaders = new Map<string, DistrictLeader[]>();
  for (const l of roster.district.leaders)
    for (const t of new Set(l.towns)) {
      const list = districtLeaders.get(t) ?? [];
      list.push(l);
      districtLeaders.set(t, list);
    }
  return {
    roster,
    town: (id) => towns.get(id),
    village: (id) => villages.get(id),
    department: (id) => departments.get(id),
    villagesOf: (id) => byTown.get(id) ?? [],
    subLeaderOf: (id) => subLeader.get(id),
    districtLeaderOf: (id) => districtLeaders.get(id)?.[0],
    districtLeadersOf: (id) => districtLeaders.get(id) ?? [],
  };
}
