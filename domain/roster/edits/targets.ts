/**
 * What an edit points at, written as a path: an entity (`villages/dongxing`) or one person in
 * one of its lists (`villages/dongxing/supervisors/0`). Pages put these in links and hidden
 * fields; the server resolves them against the roster as built and refuses unknown ones.
 */
import type { Roster } from '../schema.ts';

export type Collection = 'towns' | 'villages' | 'departments' | 'enterprises';

export interface EntityRef {
  dir: Collection;
  id: string;
  /** The content file, e.g. `villages/dongxing.yaml`. */
  path: string;
}

export interface PersonRef extends EntityRef {
  list: PersonList;
  index: number;
}

/** The person lists an edit may change, with their Chinese names. */
export const PERSON_LISTS = {
  leaders: '网格长',
  workers: '网格员',
  supervisors: '网格监督员',
  subLeaders: '二级分网格长',
} as const;
export type PersonList = keyof typeof PERSON_LISTS;

const ENTITY = /^(towns|villages|departments|enterprises)\/([a-z][a-z0-9-]{1,62})$/;
const PERSON = /^(towns|villages)\/([a-z][a-z0-9-]{1,62})\/(leaders|workers|supervisors|subLeaders)\/(\d{1,3})$/;

/** An entity target, or null when the text is not one. */
export function parseEntity(target: string): EntityRef | null {
  const m = ENTITY.exec(target);
  return m ? { dir: m[1] as Collection, id: m[2]!, path: `${m[1]}/${m[2]}.yaml` } : null;
}

/** A person target, or null when the text is not one. */
export function parsePerson(target: string): PersonRef | null {
  const m = PERSON.exec(target);
  if (!m) return null;
  return {
    dir: m[1] as Collection,
    id: m[2]!,
    path: `${m[1]}/${m[2]}.yaml`,
    list: m[3] as PersonList,
    index: Number(m[4]),
  };
}

/** The entity a reference names in the roster, or undefined. */
export function entityOf(roster: Roster, ref: EntityRef): Record<string, unknown> | undefined {
  const list: { id: string }[] = roster[ref.dir];
  return list.find((x) => x.id === ref.id) as Record<string, unknown> | undefined;
}

/** The town a content file belongs to (a town member's scope), or null for district-wide files. */
export function townOfRef(roster: Roster, ref: EntityRef): string | null {
  if (ref.dir === 'towns') return ref.id;
  if (ref.dir === 'villages') return roster.villages.find((v) => v.id === ref.id)?.town ?? null;
  if (ref.dir === 'enterprises') {
    const village = roster.enterprises.find((e) => e.id === ref.id)?.village;
    return roster.villages.find((v) => v.id === village)?.town ?? null;
  }
  return null;
}

/** The display name of what a reference names (「东兴社区」), or its id when unknown. */
export function nameOfRef(roster: Roster, ref: EntityRef): string {
  const name = entityOf(roster, ref)?.name;
  return typeof name === 'string' ? name : ref.id;
}
