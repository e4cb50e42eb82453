import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { isPublishedPhone } from '../../domain/phone.ts';
import { OPEN_DATA_SCHEMA_VERSION, rosterUpdated, toOpenData } from '../../site/lib/open-data.ts';

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
