/**
 * Routes a problem to its responsible grid and suggested departments, using
 * the departments' routing table in the roster (category × place type).
 */
import type { Category, PlaceType } from './taxonomy.ts';

interface Named {
  id: string;
  name: string;
}
interface Person {
  name: string;
  title?: string | undefined;
}

/**
 * What routing reads from the roster: domain/roster/query.ts's RosterIndex provides it. Written
 * out here so this module does not import the roster folder (which imports it).
 */
export interface RoutingIndex {
  roster: {
    departments: readonly (Named & {
      priority: number;
      routes: readonly { categories: readonly Category[]; places: readonly PlaceType[] }[];
    })[];
  };
  town(id: string): Named | undefined;
  village(id: string): Named | undefined;
  department(id: string): Named | undefined;
  subLeaderOf(villageId: string): Person | undefined;
  districtLeaderOf(townId: string): Person | undefined;
}

export interface RoutedPerson {
  name: string;
  title?: string;
}

export interface Routing {
  town: { id: string; name: string };
  village?: { id: string; name: string };
  subLeader?: RoutedPerson;
  districtLeader?: RoutedPerson;
  departments: { id: string; name: string }[];
}

/** Ids of the departments whose routes cover the pair, by `priority` (lower first), then id. */
export function departmentsFor(index: RoutingIndex, category: Category, place: PlaceType): string[] {
  return index.roster.departments
    .filter((d) => d.routes.some((r) => r.categories.includes(category) && r.places.includes(place)))
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
    .map((d) => d.id);
}

/** The responsible grid and departments for a problem, or undefined when the town is unknown. */
export function routeProblem(
  index: RoutingIndex,
  p: { category: Category; placeType: PlaceType; townId: string; villageId?: string | null },
): Routing | undefined {
  const town = index.town(p.townId);
  if (!town) return undefined;
  const village = p.villageId ? index.village(p.villageId) : undefined;
  const sub = village ? index.subLeaderOf(village.id) : undefined;
  const lead = index.districtLeaderOf(town.id);
  const person = (x: { name: string; title?: string } | undefined): RoutedPerson | undefined =>
    x ? (x.title ? { name: x.name, title: x.title } : { name: x.name }) : undefined;
  const r: Routing = {
    town: { id: town.id, name: town.name },
    departments: departmentsFor(index, p.category, p.placeType).map((id) => ({ id, name: index.department(id)!.name })),
  };
  if (village) r.village = { id: village.id, name: village.name };
  const s = person(sub);
  if (s) r.subLeader = s;
  const l = person(lead);
  if (l) r.districtLeader = l;
  return r;
}
