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
  searchItems,
  type SearchIndex,
  type SearchItem,
  type SearchNode,
  type SearchTerm,
} from './search-match.ts';

export type { SearchNode };

/**
 * A shard holds at most this many entries (chosen by bench/search.ts at
 * 50,000 villages), unless its prefix is as long as MAX_PREFIX allows.
 * Every prefix with more is split one character further.
 */
export const SHARD_MAX_ITEMS = 800;

/**
 * Longest prefix that is split further, in characters: Latin, other. Past
 * it a shard keeps every entry however many, so a name that recurs
 * thousands of times (建设路 in every town) does not become a chain of
 * hundreds of files, one per substring of its pinyin.
 */
export const MAX_PREFIX = { latin: 4, other: 2 };

/** Where the shards are served from. */
export const SHARD_DIR = '/data/search/';

/** Adds to `out` each character that follows an occurrence of `prefix` in `s` (Latin only if `latinOnly`). */
function following(s: string, prefix: string, out: Set<string>, latinOnly: boolean): void {
  const add = (c: string) => {
    if (!/\s/.test(c) && (!latinOnly || /^[a-z0-9]$/.test(c))) out.add(c);
  };
  if (!prefix) {
    for (const c of s) add(c);
    return;
  }
  for (let at = s.indexOf(prefix); at >= 0; at = s.indexOf(prefix, at + 1)) {
    const cp = s.codePointAt(at + prefix.length);
    if (cp !== undefined) add(String.fromCodePoint(cp));
  }
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
 */
export function shardIndex(
  index: SearchIndex,
  maxItems = SHARD_MAX_ITEMS,
  maxPrefix = MAX_PREFIX,
): Map<string, SearchNode> {
  const out = new Map<string, SearchNode>();
  const todo: [string, SearchItem[]][] = [['', index.items]];
  while (todo.length) {
    const [prefix, items] = todo.pop()!;
    const length = Array.from(prefix).length;
    if (items.length <= maxItems || length >= (isLatin(prefix) ? maxPrefix.latin : maxPrefix.other)) {
      out.set(prefix, { v: 1, items: prefix ? items.map((it) => onlyMatching(it, prefix)) : items });
      continue;
    }
    // A query matches an entry when a term's text (lower case) contains it, or, for a
    // Latin query, its pinyin or initials do (site/lib/search-match.ts): the same here.
    const pinyinToo = prefix === '' || isLatin(prefix);
    const children = new Map<string, SearchItem[]>();
    for (const it of items) {
      const next = new Set<string>();
      for (const [text, full, initials] of it.k) {
        following(text.toLowerCase(), prefix, next, false);
        if (full && pinyinToo) {
          following(full, prefix, next, true);
          following(initials!, prefix, next, true);
        }
      }
      for (const c of next) {
        const list = children.get(c);
        if (list) list.push(it);
        else children.set(c, [it]);
      }
    }
    const { hits, total } = prefix ? searchItems(items, prefix) : { hits: [], total: items.length };
    const next = [...children.keys()].sort().join('');
    out.set(
      prefix,
      prefix ? { v: 2, q: prefix, n: total, hits, next } : { v: 2, q: '', n: total, hits, next, dir: SHARD_DIR },
    );
    for (const [c, list] of children) todo.push([prefix + c, list]);
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
