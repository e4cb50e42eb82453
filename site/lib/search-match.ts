/**
 * How "查找我的网格" matches and ranks: one rule for the browser (the home
 * page's search script) and the build (the shards of a large index answer
 * short, common queries with results ranked here in advance). No runtime
 * imports, so the client bundle stays small.
 */

/** A term as [text, full pinyin, initials]; the pinyin parts are omitted when they add nothing. */
export type SearchTerm = [string] | [string, string, string];

export interface SearchItem {
  /** Kind: v village, t town, p person (sorted in this order). */
  t: 'v' | 't' | 'p';
  /** Name shown as the link text. */
  n: string;
  /** Page the result opens. */
  u: string;
  /** Context shown after the name (town, role). */
  d: string;
  /** Searchable terms; the first is the name. */
  k: SearchTerm[];
}

/** A result: the item and the index of its best matching term. */
export type SearchHit = [SearchItem, number];

/** The results of one query: the first SHOWN hits in order, and how many there are. */
export interface SearchResult {
  hits: SearchHit[];
  total: number;
}

/** The index as one file: every entry (a district's `/data/search.json`, and each leaf shard). */
export interface SearchIndex {
  v: 1;
  items: SearchItem[];
}

/** A common prefix: its first results ranked in advance, how many there are, and what may follow it. */
export interface SearchSplit {
  v: 2;
  /** The prefix this shard answers ("" at the root). */
  q: string;
  /** Number of entries matching the prefix (at the root: all entries). */
  n: number;
  /** The first SHOWN results for the prefix as a query (none at the root). */
  hits: SearchHit[];
  /** The characters that can follow the prefix in a query with results; each has a shard. */
  next: string;
  /** At the root: the folder of the shards. */
  dir?: string;
}

export type SearchNode = SearchIndex | SearchSplit;

/** Results listed per query; the status line gives the total. */
export const SHOWN = 20;

const ORDER = { v: 0, t: 1, p: 2 } as const;

/** The query as matched: lower case, without spaces. */
export function normalizeQuery(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '');
}

/** Latin queries also match pinyin and initials. */
export function isLatin(q: string): boolean {
  return /^[a-z0-9]+$/.test(q);
}

/**
 * A match's score, lower first: how the term matched (0 the whole text, 1 its
 * start, 2 inside it), then whether the term is the name, then the entry's kind.
 */
export function matchScore(how: 0 | 1 | 2, term: number, kind: SearchItem['t']): number {
  return (term === 0 ? how : 3) * 3 + ORDER[kind];
}

/** The best matching term of an item: its index and a score (lower is better), or undefined. */
export function matchItem(it: SearchItem, q: string, latin = isLatin(q)): [number, number] | undefined {
  let best: [number, number] | undefined;
  it.k.forEach((term, i) => {
    const [text, full, initials] = term;
    const lower = text.toLowerCase();
    let s = -1;
    if (text === q) s = 0;
    else if (lower.startsWith(q) || (latin && full && (full.startsWith(q) || initials!.startsWith(q)))) s = 1;
    else if (lower.includes(q) || (latin && full && (full.includes(q) || initials!.includes(q)))) s = 2;
    if (s >= 0) {
      const score = matchScore(s as 0 | 1 | 2, i, it.t);
      if (!best || score < best[1]) best = [i, score];
    }
  });
  return best;
}

/** Searches `items` for the normalized query `q`: the first SHOWN hits, best first (stable), and the count. */
export function searchItems(items: readonly SearchItem[], q: string): SearchResult {
  const latin = isLatin(q);
  const scored: [SearchItem, [number, number]][] = [];
  for (const it of items) {
    const m = matchItem(it, q, latin);
    if (m) scored.push([it, m]);
  }
  scored.sort((a, b) => a[1][1] - b[1][1]);
  return { hits: scored.slice(0, SHOWN).map(([it, m]) => [it, m[0]]), total: scored.length };
}

/**
 * The file name (without `.json`) of the shard for a query prefix: Latin
 * letters and digits as they are, any other character as `_` and its code
 * point in hex, so every name is plain ASCII ("东x" → "_4e1cx").
 */
export function shardName(prefix: string): string {
  return Array.from(prefix, (c) => (/^[a-z0-9]$/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}`)).join('');
}

/**
 * Answers the normalized query `q` from a sharded index
 * (site/lib/search-shards.ts): walks from the root ("") down the query's
 * prefixes, through `shard`, to the shard that holds every entry the query
 * can match or has its results ranked in advance.
 */
export async function answerFromShards(
  q: string,
  shard: (prefix: string) => Promise<SearchNode>,
): Promise<SearchResult> {
  const chars = Array.from(q);
  let node = await shard('');
  for (let depth = 0; ; depth++) {
    if (node.v === 1) return searchItems(node.items, q);
    if (depth === chars.length) return { hits: node.hits, total: node.n };
    if (!node.next.includes(chars[depth]!)) return { hits: [], total: 0 };
    node = await shard(chars.slice(0, depth + 1).join(''));
  }
}
