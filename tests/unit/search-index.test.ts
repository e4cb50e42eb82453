import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { buildSearchIndex, term } from '../../site/lib/search-index.ts';

let roster: Roster;
beforeAll(async () => {
  roster = await loadRoster('content');
});

describe('search index (/data/search.json)', () => {
  it('gives each term its pinyin and initials, ü written v', () => {
    expect(term('东兴社区')).toEqual(['东兴社区', 'dongxingshequ', 'dxsq']);
    expect(term('三女河')).toEqual(['三女河', 'sannvhe', 'snh']);
    expect(term('12369')).toEqual(['12369']);
  });

  it('leaves people out when asked (a province), keeping every town and village', () => {
    const all = buildSearchIndex(roster).items;
    const { items } = buildSearchIndex(roster, { people: false });
    expect(all.some((i) => i.t === 'p')).toBe(true);
    expect(items.some((i) => i.t === 'p')).toBe(false);
    expect(items).toEqual(all.filter((i) => i.t !== 'p'));
  });

  it('has every town and village, with what each village covers', () => {
    const { items } = buildSearchIndex(roster);
    expect(items.filter((i) => i.t === 't')).toHaveLength(roster.towns.length);
    const villages = items.filter((i) => i.t === 'v');
    expect(villages).toHaveLength(roster.villages.length);
    const dongxing = villages.find((i) => i.u === '/villages/dongxing/')!;
    expect(dongxing.n).toBe('东兴社区');
    expect(dongxing.d).toBe('街道办事处 · 居委会');
    expect(dongxing.k.map((k) => k[0])).toEqual([
      '东兴社区',
      ...roster.villages.find((v) => v.id === 'dongxing')!.covers,
    ]);
  });

  it('finds people on the page that lists them, once per page', () => {
    const { items } = buildSearchIndex(roster);
    const people = items.filter((i) => i.t === 'p');
    const supervisor = roster.villages.find((v) => v.id === 'dongxing')!.supervisors[0]!;
    expect(people).toContainEqual(
      expect.objectContaining({ n: supervisor.name, u: '/villages/dongxing/', d: `东兴社区 · ${supervisor.role}` }),
    );
    const keys = people.map((p) => `${p.n}|${p.u}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(people.every((p) => /^\/(villages|towns)\/[a-z0-9-]+\/$|^\/district\/$/.test(p.u))).toBe(true);
  });
});
