import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { isPublishedPhone } from '../../domain/phone.ts';
import {
  OPEN_DATA_SCHEMA_VERSION,
  OPEN_DATA_SINGLE_FILE_MAX_VILLAGES,
  rosterDocument,
  rosterUpdated,
  toOpenData,
  toTownOpenData,
} from '../../site/lib/open-data.ts';

let roster: Roster;
beforeAll(async () => {
  roster = await loadRoster('content');
});

/** Every [key, value] pair in a JSON value, depth first. */
function* entries(v: unknown): Generator<[string, unknown]> {
  if (Array.isArray(v)) for (const x of v) yield* entries(x);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      yield [k, x];
      yield* entries(x);
    }
}

describe('open data (/data/roster.json)', () => {
  it('carries the schema version and the roster date, so rebuilding gives the same bytes', () => {
    const data = toOpenData(roster);
    expect(data.schemaVersion).toBe(OPEN_DATA_SCHEMA_VERSION);
    expect(data.generatedAt).toBe(rosterUpdated(roster));
    expect(data.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(toOpenData(roster))).toBe(JSON.stringify(data));
  });

  it('lists every town, village and department with ids, names and pages', () => {
    const data = toOpenData(roster);
    expect(data.towns.map((t) => t.id)).toEqual(roster.towns.map((t) => t.id));
    expect(data.villages).toHaveLength(24);
    for (const v of data.villages) {
      expect(v).toMatchObject({ id: expect.any(String), name: expect.any(String), page: `/villages/${v.id}/` });
      expect(data.towns.find((t) => t.id === v.town)?.villages).toContain(v.id);
    }
    expect(data.departments.every((d) => d.duties.length > 0 && d.page === `/departments/${d.id}/`)).toBe(true);
  });

  it('publishes only valid phones and leaves out internal fields (routing priority)', () => {
    // (labels.channelKinds has a key "phone" too: it maps kinds to words, so leave it out here)
    const { labels: _labels, ...data } = JSON.parse(JSON.stringify(toOpenData(roster))) as Record<string, unknown>;
    const keys = new Set<string>();
    for (const [k, v] of entries(data)) {
      keys.add(k);
      if (k === 'phone') expect(isPublishedPhone(v as string)).toBe(true);
    }
    expect(keys.has('priority')).toBe(false);
    expect(keys.has('phone')).toBe(true);
  });

  it('does not publish a field the content gains until someone adds it here', () => {
    const copy = structuredClone(roster);
    Object.assign(copy.villages[0]!.supervisors[0]!, { idNumber: '130000000000000000' });
    Object.assign(copy.district.office, { internalNote: '仅内部' });
    const json = JSON.stringify(toOpenData(copy));
    expect(json).not.toContain('130000000000000000');
    expect(json).not.toContain('仅内部');
  });
});

/** The sample roster with its villages copied until it has more than `n` (new ids, same towns). */
function grown(base: Roster, n: number): Roster {
  const copy = structuredClone(base);
  for (let k = 1; copy.villages.length <= n; k++)
    copy.villages.push(...base.villages.map((v) => ({ ...structuredClone(v), id: `${v.id}-x${k}` })));
  return copy;
}

describe('open data split per town (/data/towns/<id>.json)', () => {
  it('gives each town its own file with exactly its villages, in the same shapes as the single file', () => {
    const whole = toOpenData(roster);
    for (const t of roster.towns) {
      const file = toTownOpenData(roster, t.id);
      expect(file.schemaVersion).toBe(OPEN_DATA_SCHEMA_VERSION);
      expect(file.generatedAt).toBe(whole.generatedAt);
      expect(file.town).toEqual(whole.towns.find((x) => x.id === t.id));
      expect(file.town.data).toBe(`/data/towns/${t.id}.json`);
      expect(file.villages).toEqual(whole.villages.filter((v) => v.town === t.id));
    }
    const all = roster.towns.flatMap((t) => toTownOpenData(roster, t.id).villages.map((v) => v.id));
    expect(all.sort()).toEqual(roster.villages.map((v) => v.id).sort());
  });

  it('keeps /data/roster.json one file for a small roster and makes it an index of town files beyond the limit', () => {
    expect(rosterDocument(roster)).toEqual(toOpenData(roster));
    const big = grown(roster, OPEN_DATA_SINGLE_FILE_MAX_VILLAGES);
    const index = rosterDocument(big);
    expect('split' in index && index.split).toBe(true);
    expect('villages' in index).toBe(false);
    expect(index.towns.map((t) => t.data)).toEqual(big.towns.map((t) => `/data/towns/${t.id}.json`));
    const perTown = index.towns.map((t) => ('villageCount' in t ? t.villageCount : -1));
    expect(perTown.reduce((a, b) => a + b, 0)).toBe(big.villages.length);
    // The index does not grow with the villages: a few hundred bytes per town.
    expect(JSON.stringify(index).length).toBeLessThan(JSON.stringify(toOpenData(roster)).length);
    expect(index.departments).toEqual(toOpenData(big).departments);
  });
});
