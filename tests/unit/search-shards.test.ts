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
    const shards = shardIndex(index, 8);
    expect(shards.size).toBeGreaterThan(50);
    expect(shards.get('')!.v).toBe(2);
    const qs = queries();
    expect(qs.length).toBeGreaterThan(1000);
    // Plus every prefix in the tree, however deep: each split one answers from its own ranking.
    for (const q of new Set([...qs, ...shards.keys()].filter(Boolean)))
      expect(shown(await answer(shards, q)), q).toEqual(shown(searchItems(index.items, q)));
    expect((await answer(shards, 'dxsq')).hits[0]![0].u).toBe('/villages/dongxing/');
  }, 60_000); // about 4 s idle: some 5,000 queries, each over the whole index and through the shards

  it('splits every shard with more entries than the limit, however long its prefix, and every next character has its shard', () => {
    const shards = shardIndex(index, 8);
    const names = new Set<string>();
    let deepest = 0;
    for (const [prefix, node] of shards) {
      names.add(shardName(prefix));
      expect(shardName(prefix)).toMatch(/^[a-z0-9_]*$/);
      if (node.v === 1) expect(node.items.length, prefix).toBeLessThanOrEqual(8);
      else {
        expect('items' in node).toBe(false);
        expect(node.n, prefix).toBeGreaterThan(prefix ? 8 : 0);
        for (const c of node.next) expect(shards.has(prefix + c), prefix + c).toBe(true);
        deepest = Math.max(deepest, Array.from(prefix).length);
      }
    }
    // The sample's repeated words (社区, 卫生室 …) are split past the old limit of 2–3 characters.
    expect(deepest).toBeGreaterThan(3);
    expect(names.size).toBe(shards.size);
  });

  it('ranks a deep prefix as the whole index does: whole name, start, inside, other terms, kinds, case, pinyin', async () => {
    const item = (
      t: 'v' | 't' | 'p',
      n: string,
      ...k: SearchIndex['items'][number]['k']
    ): SearchIndex['items'][number] => ({
      t,
      n,
      u: `/${n}/`,
      d: '示例',
      k: [[n], ...k],
    });
    // Many entries containing 东兴, the exact name last, so only the ranking can put it first.
    const items = [
      ...Array.from({ length: 30 }, (_, i) => item('p', `示例${i}东兴路`, ['东兴', 'dongxing', 'dx'])),
      item('t', '东兴镇', ['东兴镇', 'dongxingzhen', 'dxz']),
      item('v', '东兴村', ['东兴村', 'dongxingcun', 'dxc']),
      item('v', 'A区东兴', ['a区']),
      item('v', 'a区东兴𠀀', ['𠀀东兴']),
      item('v', '东兴'),
    ];
    const small: SearchIndex = { v: 1, items };
    const shards = shardIndex(small, 2);
    const qs = [...shards.keys(), '东兴', 'dongxing', 'dx', 'a区', 'a区东兴', '𠀀', '𠀀东', '东兴路', 'xing'];
    for (const q of qs.filter(Boolean))
      expect(shown(await answer(shards, q)), q).toEqual(shown(searchItems(small.items, q)));
    expect((await answer(shards, '东兴')).hits[0]![0].n).toBe('东兴');
  });
});
