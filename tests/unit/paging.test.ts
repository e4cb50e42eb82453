import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pagePath, pagesByWeight } from '../../site/lib/paging.ts';
import { INLINE_VILLAGES_MAX, LEADERS_PAGE_WEIGHT, leaderPages, townFirst, townPages } from '../../site/lib/scale.ts';

describe('pagesByWeight (paged lists such as /grid-status/)', () => {
  it('keeps every item once, in order, each page within the weight unless one item alone exceeds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 150 }),
        (ws, max) => {
          const pages = pagesByWeight(ws, (w) => w, max);
          expect(pages.flat()).toEqual(ws);
          for (const p of pages) {
            expect(p.length).toBeGreaterThan(0);
            const sum = p.reduce((a, b) => a + b, 0);
            if (p.length > 1) expect(sum).toBeLessThanOrEqual(max);
          }
          // Greedy: a page and the first item of the next would exceed the weight.
          for (let i = 0; i + 1 < pages.length; i++)
            expect(pages[i]!.reduce((a, b) => a + b, 0) + pages[i + 1]![0]!).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('gives the sample district one page and a province of 8,000 towns of 6 villages 1,000 (8 towns each)', () => {
    expect(pagesByWeight([7, 7, 7, 7], (w) => w, 60)).toHaveLength(1);
    expect(pagesByWeight(Array(8000).fill(7), (w) => w, 60)).toHaveLength(1000);
  });

  it('numbers pages after the first in the path', () => {
    expect(pagePath('/grid-status/', 1)).toBe('/grid-status/');
    expect(pagePath('/grid-status/', 2)).toBe('/grid-status/2/');
  });
});

describe('town first at scale (site/lib/scale.ts)', () => {
  it('lists every village inline for a district and goes town first for a province', async () => {
    const { loadRoster } = await import('../../domain/roster/fs.ts');
    const roster = await loadRoster('content');
    expect(townFirst(roster)).toBe(false);
    const many = { ...roster, villages: Array(INLINE_VILLAGES_MAX + 1).fill(roster.villages[0]) };
    expect(townFirst(many)).toBe(true);
  }, 30_000); // loads the sample roster: slow on a busy machine

  it('pages 8,336 towns (the 50,000-village bench roster) into 56 lists of at most 150', () => {
    const pages = townPages(Array.from({ length: 8336 }, (_, i) => i));
    expect(pages).toHaveLength(56);
    expect(Math.max(...pages.map((p) => p.length))).toBe(150);
    expect(pages.flat()).toHaveLength(8336);
  });
});

describe('the 一级网格长 list at scale (/district/, /district/leaders/)', () => {
  it("keeps the sample district on /district/ and pages the leaders of the 50,000-village roster (the sample's, 2,084 times)", async () => {
    const { loadRoster } = await import('../../domain/roster/fs.ts');
    const { district } = await loadRoster('content');
    expect(leaderPages(district.leaders)).toHaveLength(1);
    // The bench's generator gives each copy of the district its own leaders over the copied towns.
    const province = Array.from({ length: 2084 }, (_, k) =>
      district.leaders.map((l) => ({ ...l, id: `${l.id}-${k}`, towns: l.towns.map((t) => `${t}-${k}`) })),
    ).flat();
    const pages = leaderPages(province);
    expect(pages.flat()).toEqual(province);
    for (const p of pages)
      expect(p.reduce((sum, l) => sum + 1 + l.towns.length, 0)).toBeLessThanOrEqual(LEADERS_PAGE_WEIGHT);
    expect(pages.length).toBeGreaterThan(1);
  }, 30_000); // loads the sample roster: slow on a busy machine
});
