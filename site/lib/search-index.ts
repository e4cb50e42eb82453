/**
 * The home page's "查找我的网格" index, built at build time and served as
 * `/data/search.json` (fetched when the search box is first used, so the home
 * page itself stays small). Each searchable term carries its pinyin and
 * pinyin initials, so "dxsq" or "dongxing" finds 东兴社区 on a phone
 * without a Chinese keyboard.
 */
import { pinyin } from 'pinyin-pro';
import type { Person, Roster } from '../../domain/roster/schema.ts';
import { TOWN_KINDS, VILLAGE_KINDS } from '../../domain/roster/labels.ts';
import { PAGES, townPath, villagePath } from './paths.ts';
import type { SearchIndex, SearchItem, SearchTerm } from './search-match.ts';

export type { SearchIndex, SearchItem, SearchTerm };

/** Lower-case pinyin without tones; ü is written v, as on phone keyboards. */
export function term(text: string): SearchTerm {
  const opts = { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' } as const;
  const full = pinyin(text, opts).join('').replace(/\s+/g, '').toLowerCase();
  const initials = pinyin(text, { ...opts, pattern: 'first' })
    .join('')
    .replace(/\s+/g, '')
    .toLowerCase();
  return full === text.toLowerCase() ? [text] : [text, full, initials];
}

/**
 * Builds the search index from the roster: towns, villages (with what they
 * cover) and, with `people` (the default), named people. A province leaves
 * people out (site/lib/scale.ts): 220,000 names would be three quarters of an
 * index every visitor downloads; their village and town pages list them.
 */
export function buildSearchIndex(roster: Roster, opts: { people?: boolean } = {}): SearchIndex {
  const items: SearchItem[] = [];
  const seen = new Set<string>();
  const withPeople = opts.people ?? true;
  const addPerson = (p: Person, url: string, where: string) => {
    if (!withPeople) return;
    const key = `${p.name}|${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    const what = p.role ?? p.title ?? '';
    items.push({ t: 'p', n: p.name, u: url, d: what ? `${where} · ${what}` : where, k: [term(p.name)] });
  };
  const townName = new Map(roster.towns.map((t) => [t.id, t.name]));

  for (const t of roster.towns) {
    const url = townPath(t.id);
    items.push({ t: 't', n: t.name, u: url, d: `${TOWN_KINDS[t.kind]} · 二级网格`, k: [term(t.name)] });
    const people = [...t.leaders, ...(t.officeDirector ? [t.officeDirector] : []), ...t.subLeaders, ...t.supervisors];
    if (t.envOffice?.head) people.push(t.envOffice.head);
    for (const p of people) addPerson(p, url, t.name);
  }
  for (const v of roster.villages) {
    const url = villagePath(v.id);
    items.push({
      t: 'v',
      n: v.name,
      u: url,
      d: `${townName.get(v.town) ?? ''} · ${VILLAGE_KINDS[v.kind]}`,
      k: [term(v.name), ...v.covers.map(term)],
    });
    for (const p of [...v.leaders, ...v.workers, ...v.supervisors]) addPerson(p, url, v.name);
  }
  const d = roster.district;
  for (const p of [...d.leaders, d.office.director]) addPerson(p, PAGES.district, d.name);
  return { v: 1, items };
}
