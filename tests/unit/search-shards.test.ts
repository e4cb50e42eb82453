import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { buildSearchIndex, type SearchIndex } from '../../site/lib/search-index.ts';
import {
  answerFromShards,
  normalizeQuery,
  searchItems,
  shardName,
  type SearchResult,
} from '../../site/lib/search-match.ts';
import { shardIndex, type SearchNode } from '../../site/lib/search-shards.ts';

let index: SearchIndex;
beforeAll(async () => {
  index = buildSearchIndex(await loadRoster('content'));
});

/** What a result shows: link, name, context and the term named after it. */
const shown = (r: SearchResult) => ({
  total: r.total,
  hits: r.hits.map(([it, m]) => [it.u, it.n, it.d, m, it.k[m]![0]]),
});

const answer = (shards: Map<string, SearchNode>, q: string) =>
  answerFromShards(q, async (prefix) => {
    const node = shards.get(prefix);
    if (!node) throw new Error(`no shard for "${prefix}"`);
    return node;
  });

/** Every substring of up to 4 characters of every term, its pinyin and initials, and a few whole names. */
function queries(): string[] {
  const out = new Set<string>(['不存在的地方', 'dxsq', '东兴卫生室', 'zzzz', 'a区']);
  for (const it of index.items) {
    out.add(normalizeQuery(it.n));
    for (const t of it.k) {
      for (const s of t) {
        const cs = Array.from(normalizeQuery(s));
        for (let i = 0; i < cs.length; i++)
          for (let n = 1; n <= 4 && i + n <= cs.length; n++) out.add(cs.slice(i, i + n).join(''));
      }
    }
  }
  return [...out];
}

describe('search shards (site/lib/search-shards.ts)', () => {
  it('keeps a district index as one file, unchanged', () => {
    const shards = shardIndex(index);
    expect([...shards.keys()]).toEqual(['']);
    expect(shards.get('')).toEqual(index);
  });

  it('answers every query exactly as the whole index does, shard by shard', async () => {
    // Tiny shards on the sample roster make the tree as deep as a province's.
    const shards = shardIndex(index, 8, { latin: 3, other: 2 });
    expect(shards.size).toBeGreaterThan(50);
    expect(shards.get('')!.v).toBe(2);
    const qs = queries();
    expect(qs.length).toBeGreaterThan(1000);
    for (const q of qs) expect(shown(await answer(shards, q)), q).toEqual(shown(searchItems(index.items, q)));
    expect((await answer(shards, 'dxsq')).hits[0]![0].u).toBe('/villages/dongxing/');
  }, 60_000); // about 4 s idle: some 5,000 queries, each over the whole index and through the shards

  it('splits a shard only while it is large and its prefix short, and every next character has its shard', () => {
    const shards = shardIndex(index, 8, { latin: 3, other: 2 });
    const names = new Set<string>();
    for (const [prefix, node] of shards) {
      names.add(shardName(prefix));
      expect(shardName(prefix)).toMatch(/^[a-z0-9_]*$/);
      if (node.v === 1) {
        const long = Array.from(prefix).length >= (/^[a-z0-9]+$/.test(prefix) ? 3 : 2);
        if (!long) expect(node.items.length, prefix).toBeLessThanOrEqual(8);
      } else {
        expect('items' in node).toBe(false);
        for (const c of node.next) expect(shards.has(prefix + c), prefix + c).toBe(true);
      }
    }
    expect(names.size).toBe(shards.size);
  });
});
