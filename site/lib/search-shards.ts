/**
 * The search index split per need (issue 16). A district's index is one
 * small file, `/data/search.json`, as it always was. A province's (58,500
 * entries, 16.5 MB) is a tree of query prefixes: `/data/search.json` is the
 * root, and the shard of a prefix (`/data/search/<shardName>.json`) holds
 * either every entry that matches it — when they are at most SHARD_MAX_ITEMS,
 * and the browser then filters them itself for longer queries — or, for a
 * common prefix, its first results ranked in advance, its number of results
 * and the characters that may follow it. Typing one more character therefore
 * needs at most one more small file; every entry a query can match is in the
 * shard its prefix leads to, because a query that matches contains each of
 * its prefixes in the same term.
 */
import type { Roster } from '../../domain/roster/schema.ts';
import { townFirst } from './scale.ts';
import { buildSearchIndex } from './search-index.ts';
import {
  isLatin,
  matchScore,
  SHOWN,
  type SearchHit,
  type SearchIndex,
  type SearchItem,
  type SearchNode,
  type SearchTerm,
} from './search-match.ts';

export type { SearchNode };

/**
 * A leaf shard holds at most this many entries (chosen by bench/search.ts at
 * 50,000 villages); a prefix with more is split one character further,
 * however long it is, and answers its own query from results ranked here.
 */
export const SHARD_MAX_ITEMS = 800;

/** Where the shards are served from. */
export const SHARD_DIR = '/data/search/';

/**
 * The index's searchable strings, flat: per term its text in lower case and,
 * if it has them, its pinyin and initials (matched by Latin queries only).
 */
interface Strings {
  text: string[];
  item: number[];
  term: number[];
  pinyin: boolean[];
  /** The term's text as written equals `text` (an exact query can then match it). */
  caseless: boolean[];
}

function stringsOf(items: readonly SearchItem[]): Strings {
  const out: Strings = { text: [], item: [], term: [], pinyin: [], caseless: [] };
  const add = (text: string, item: number, term: number, pinyin: boolean, caseless: boolean) => {
    out.text.push(text);
    out.item.push(item);
    out.term.push(term);
    out.pinyin.push(pinyin);
    out.caseless.push(caseless);
  };
  items.forEach((it, i) =>
    it.k.forEach(([text, full, initials], t) => {
      const lower = text.toLowerCase();
      add(lower, i, t, false, lower === text);
      if (full) {
        add(full, i, t, true, false);
        add(initials!, i, t, true, false);
      }
    }),
  );
  return out;
}

/**
 * Where a prefix occurs: string `str[j]` (an index into Strings) from code
 * unit `at[j]`, in string order, so each entry's occurrences are together
 * and entries keep the index's order.
 */
interface Occurrences {
  str: number[];
  at: number[];
}

/** The entries (indexes, in order) an occurrence list belongs to. */
function itemsOf(strings: Strings, occ: Occurrences): number[] {
  const out: number[] = [];
  for (const s of occ.str) {
    const i = strings.item[s]!;
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/**
 * The ranked results of `prefix` as a query, from its occurrences: the same
 * scores and order as searchItems (site/lib/search-match.ts) computes by
 * matching every entry, which the tests hold it to.
 */
function rankFromOccurrences(
  items: readonly SearchItem[],
  strings: Strings,
  occ: Occurrences,
  prefix: string,
): { hits: SearchHit[]; total: number } {
  const buckets: SearchHit[][] = [];
  let total = 0;
  let current = -1;
  let best: [number, number] | undefined; // [term, score]
  const flush = () => {
    if (!best) return;
    total++;
    const bucket = (buckets[best[1]] ??= []);
    if (bucket.length < SHOWN) bucket.push([items[current]!, best[0]]);
  };
  for (let j = 0; j < occ.str.length; j++) {
    const s = occ.str[j]!;
    const i = strings.item[s]!;
    if (i !== current) {
      flush();
      current = i;
      best = undefined;
    }
    const text = strings.text[s]!;
    const at = occ.at[j]!;
    const how = at > 0 ? 2 : !strings.pinyin[s] && strings.caseless[s] && text.length === prefix.length ? 0 : 1;
    const term = strings.term[s]!;
    const score = matchScore(how, term, items[i]!.t);
    if (!best || score < best[1] || (score === best[1] && term < best[0])) best = [term, score];
  }
  flush();
  const hits: SearchHit[] = [];
  for (const bucket of buckets) {
    if (bucket) hits.push(...bucket.slice(0, SHOWN - hits.length));
    if (hits.length === SHOWN) break;
  }
  return { hits, total };
}

/**
 * The entry as a shard for `prefix` needs it: a term that does not contain
 * the prefix cannot match a query that starts with it, so it is left out
 * (blanked, when a later one stays, to keep the name first and the indexes
 * the results refer to).
 */
function onlyMatching(it: SearchItem, prefix: string): SearchItem {
  const latin = isLatin(prefix);
  const keep = it.k.map(
    ([text, full, initials]) =>
      text.toLowerCase().includes(prefix) || (latin && !!full && (full.includes(prefix) || initials!.includes(prefix))),
  );
  if (keep.every(Boolean)) return it;
  const k = it.k.slice(0, keep.lastIndexOf(true) + 1).map((t, i): SearchTerm => (keep[i] ? t : ['']));
  return { ...it, k };
}

/**
 * Splits an index into shards keyed by query prefix ("" is the root,
 * `/data/search.json`). With at most `maxItems` entries the root is the
 * whole index, unchanged. Entries keep their order in every shard, so
 * results rank exactly as over the whole index.
 *
 * One pass per level: each prefix keeps where it occurs in the entries'
 * strings, so its children (the characters that follow those occurrences)
 * and its ranked results come from those occurrences alone, never from
 * searching the entries again.
 */
export function shardIndex(index: SearchIndex, maxItems = SHARD_MAX_ITEMS): Map<string, SearchNode> {
  const out = new Map<string, SearchNode>();
  if (index.items.length <= maxItems) return out.set('', index);
  const strings = stringsOf(index.items);
  // The root: every position a query's first character can match.
  const root: Occurrences = { str: [], at: [] };
  strings.text.forEach((text, s) => {
    for (let at = 0; at < text.length; at += text.codePointAt(at)! > 0xffff ? 2 : 1) {
      root.str.push(s);
      root.at.push(at);
    }
  });
  const todo: [string, Occurrences][] = [['', root]];
  while (todo.length) {
    const [prefix, occ] = todo.pop()!;
    const items = itemsOf(strings, occ);
    if (prefix && items.length <= maxItems) {
      out.set(prefix, { v: 1, items: items.map((i) => onlyMatching(index.items[i]!, prefix)) });
      continue;
    }
    // A query matches an entry when a term's text (lower case) contains it, or, for a
    // Latin query, its pinyin or initials do (site/lib/search-match.ts): the same here.
    const children = new Map<string, Occurrences>();
    for (let j = 0; j < occ.str.length; j++) {
      const s = occ.str[j]!;
      const text = strings.text[s]!;
      const at = occ.at[j]! + prefix.length;
      if (at >= text.length) continue;
      const c = String.fromCodePoint(text.codePointAt(at)!);
      if (/\s/.test(c)) continue;
      // Pinyin holds only Latin letters; a query with any other character matches text only.
      if (strings.pinyin[s] && !isLatin(prefix + c)) continue;
      let child = children.get(c);
      if (!child) children.set(c, (child = { str: [], at: [] }));
      child.str.push(s);
      child.at.push(occ.at[j]!);
    }
    const next = [...children.keys()].sort().join('');
    if (prefix) {
      const { hits, total } = rankFromOccurrences(index.items, strings, occ, prefix);
      out.set(prefix, { v: 2, q: prefix, n: total, hits, next });
    } else out.set('', { v: 2, q: '', n: items.length, hits: [], next, dir: SHARD_DIR });
    for (const [c, child] of children) todo.push([prefix + c, child]);
  }
  return out;
}

/**
 * The site's search index for a roster. A province leaves people out
 * (site/lib/scale.ts): their village and town pages list them.
 */
export function siteSearchIndex(roster: Roster): SearchIndex {
  return buildSearchIndex(roster, { people: !townFirst(roster) });
}

const built = new WeakMap<Roster, Map<string, SearchNode>>();

/** The site's search shards for a roster, made once per build (the root route and the shard route both ask). */
export function siteSearchShards(roster: Roster): Map<string, SearchNode> {
  let shards = built.get(roster);
  if (!shards) {
    shards = shardIndex(siteSearchIndex(roster));
    built.set(roster, shards);
  }
  return shards;
}
