/**
 * The open data file `/data/roster.json`: the published roster in a stable,
 * documented shape (docs/open-data.md). Every field is picked
 * explicitly, so a field added to the content schema later is not published
 * here until someone decides it belongs on the pages too.
 */
import type {
  Channel,
  Department,
  Liaison,
  Person,
  Roster,
  Supervisor,
  Town,
  Village,
} from '../../domain/roster/schema.ts';
import type { Change, Enterprise } from '../../domain/roster/records-schema.ts';
import { DISCHARGE_KINDS } from '../../domain/roster/records-schema.ts';
import { rosterIndexOf } from '../../domain/roster/query.ts';
import { CATEGORIES, PLACE_TYPES } from '../../domain/taxonomy.ts';
import { CHANNEL_KINDS, TOWN_KINDS, VILLAGE_KINDS } from '../../domain/roster/labels.ts';
import { departmentPath, enterprisePath, townPath, villagePath } from './paths.ts';
import { latestDate } from './format.ts';

/** Bump when a field is renamed or removed; adding fields keeps the version. */
export const OPEN_DATA_SCHEMA_VERSION = 1;

/**
 * Up to this many villages `/data/roster.json` is the whole roster in one file;
 * beyond, it is an index whose towns point at one file per town (issue 16: at
 * 50,000 villages the single file is 120 MB, over the 25 MiB a static asset may
 * be, and no consumer should need the province to read one town).
 */
export const OPEN_DATA_SINGLE_FILE_MAX_VILLAGES = 2000;

/** The open data file of one town (always published, whatever the roster's size). */
export const townDataPath = (id: string) => `/data/towns/${id}.json`;

const person = (p: Person) => ({
  name: p.name,
  title: p.title,
  role: p.role,
  phone: p.phone,
  sample: p.sample,
});
const supervisor = (s: Supervisor) => ({ ...person(s), fullTime: s.fullTime });
const liaison = (l: Liaison | undefined) =>
  l && { name: l.name, unit: l.unit, phone: l.phone, email: l.email, sample: l.sample };
const channel = (c: Channel) => ({ kind: c.kind, label: c.label, value: c.value, note: c.note });

/** A town in open data; `villages` are the town's own. */
function town(t: Town, villages: readonly Village[]) {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    page: townPath(t.id),
    leaders: t.leaders.map(person),
    officeDirector: t.officeDirector && person(t.officeDirector),
    subLeaders: t.subLeaders.map((s) => ({ id: s.id, ...person(s), villages: s.villages })),
    supervisors: t.supervisors.map(supervisor),
    envOffice: t.envOffice && {
      name: t.envOffice.name,
      head: t.envOffice.head && person(t.envOffice.head),
      phone: t.envOffice.phone,
      address: t.envOffice.address,
    },
    liaison: liaison(t.liaison),
    phone: t.phone,
    address: t.address,
    villages: villages.map((v) => v.id),
    data: townDataPath(t.id),
    plan: t.plan,
    updated: t.updated,
  };
}

const village = (v: Village) => ({
  id: v.id,
  town: v.town,
  name: v.name,
  kind: v.kind,
  page: villagePath(v.id),
  sample: v.sample,
  leaders: v.leaders.map(person),
  workers: v.workers.map(person),
  supervisors: v.supervisors.map(supervisor),
  covers: v.covers,
  updated: v.updated,
});

const department = (d: Department) => ({
  id: d.id,
  name: d.name,
  page: departmentPath(d.id),
  head: d.head && person(d.head),
  phone: d.phone,
  duties: d.duties,
  routes: d.routes.map((r) => ({ categories: r.categories, places: r.places })),
  liaison: liaison(d.liaison),
  updated: d.updated,
});

const enterprise = (e: Enterprise) => ({
  id: e.id,
  name: e.name,
  page: enterprisePath(e.id),
  village: e.village,
  address: e.address,
  industry: e.industry,
  process: e.process,
  dischargePoints: e.dischargePoints.map((d) => ({
    code: d.code,
    name: d.name,
    kind: d.kind,
    pollutants: d.pollutants,
    treatment: d.treatment,
  })),
  pollutants: e.pollutants.map((x) => ({ name: x.name, standard: x.standard, limit: x.limit })),
  permit: e.permit,
  sample: e.sample,
  updated: e.updated,
});

const change = (c: Change) => ({
  id: c.id,
  effective: c.effective,
  published: c.published,
  scope: c.scope,
  summary: c.summary,
  sample: c.sample,
});

const updatedOf = new WeakMap<Roster, string>();

/**
 * The newest `updated` date in the roster: the open data's `generatedAt`, so rebuilding gives the same
 * bytes. Computed once per roster: each of a province's 8,000 town files asks.
 */
export function rosterUpdated(roster: Roster): string {
  let updated = updatedOf.get(roster);
  if (updated === undefined) {
    updated = newestUpdate(roster);
    updatedOf.set(roster, updated);
  }
  return updated;
}

function newestUpdate(roster: Roster): string {
  return latestDate(
    roster.district.updated,
    ...roster.towns.map((t) => t.updated),
    ...roster.villages.map((v) => v.updated),
    ...roster.departments.map((d) => d.updated),
    ...roster.enterprises.map((e) => e.updated),
  );
}

/** What every open data file starts with. */
function header(roster: Roster) {
  return {
    schemaVersion: OPEN_DATA_SCHEMA_VERSION,
    generatedAt: rosterUpdated(roster),
    source: roster.district.source,
    labels: {
      categories: CATEGORIES,
      places: PLACE_TYPES,
      townKinds: TOWN_KINDS,
      villageKinds: VILLAGE_KINDS,
      channelKinds: CHANNEL_KINDS,
      dischargeKinds: DISCHARGE_KINDS,
    },
  };
}

/** The district-wide part of the open data (the district, departments, enterprises, changes). */
function districtPart(roster: Roster) {
  const d = roster.district;
  return {
    district: {
      id: d.id,
      name: d.name,
      fullName: d.fullName,
      intro: d.intro,
      office: {
        name: d.office.name,
        seat: d.office.seat,
        director: person(d.office.director),
        address: d.office.address,
        phone: d.office.phone,
        email: d.office.email,
        hours: d.office.hours,
      },
      leaders: d.leaders.map((l) => ({ id: l.id, ...person(l), towns: l.towns })),
      group: {
        leader: d.group.leader.map(person),
        deputies: d.group.deputies.map(person),
        members: d.group.members.map(person),
      },
      channels: d.channels.map(channel),
      liaisons: d.liaisons.map(liaison),
      updated: d.updated,
    },
    departments: roster.departments.map(department),
    enterprises: roster.enterprises.map(enterprise),
    changes: roster.changes.map(change),
  };
}

/** Builds the open data document from a validated roster: everything in one file. */
export function toOpenData(roster: Roster) {
  const { district, ...rest } = districtPart(roster);
  return {
    ...header(roster),
    district,
    towns: roster.towns.map((t) => town(t, rosterIndexOf(roster).villagesOf(t.id))),
    villages: roster.villages.map(village),
    ...rest,
  };
}

export type OpenData = ReturnType<typeof toOpenData>;

/**
 * The index `/data/roster.json` becomes for a large roster: the district-wide
 * part, and for each town only its id, name, kind, page, number of villages and
 * its own file (`split: true` tells it from the single file).
 */
export function toOpenDataIndex(roster: Roster) {
  const { district, ...rest } = districtPart(roster);
  const counts = new Map<string, number>();
  for (const v of roster.villages) counts.set(v.town, (counts.get(v.town) ?? 0) + 1);
  return {
    ...header(roster),
    split: true as const,
    district,
    towns: roster.towns.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      page: townPath(t.id),
      villageCount: counts.get(t.id) ?? 0,
      data: townDataPath(t.id),
    })),
    ...rest,
  };
}

/** `/data/roster.json`: the single file up to OPEN_DATA_SINGLE_FILE_MAX_VILLAGES villages, the index beyond. */
export function rosterDocument(roster: Roster): OpenData | ReturnType<typeof toOpenDataIndex> {
  return roster.villages.length <= OPEN_DATA_SINGLE_FILE_MAX_VILLAGES ? toOpenData(roster) : toOpenDataIndex(roster);
}

/** `/data/towns/<id>.json`: one town and its villages, in the same shapes as the single file. */
export function toTownOpenData(roster: Roster, townId: string) {
  const index = rosterIndexOf(roster);
  const t = index.town(townId);
  if (!t) throw new Error(`toTownOpenData: no town ${townId}`);
  const villages = index.villagesOf(townId);
  return {
    ...header(roster),
    district: { id: roster.district.id, name: roster.district.name },
    town: town(t, villages),
    villages: villages.map(village),
  };
}
