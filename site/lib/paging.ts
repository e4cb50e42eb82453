/**
 * Splitting long lists into pages that stay small (issue 16: every page type
 * ≤ 14 KB compressed at 50,000 villages). Pages are cut by weight, not count,
 * so a page of large towns holds fewer of them.
 */

/**
 * Consecutive, non-empty slices of `items`, in order, each weighing at most
 * `maxWeight` unless a single item weighs more (it then gets a page alone).
 */
export function pagesByWeight<T>(items: readonly T[], weight: (item: T) => number, maxWeight: number): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let sum = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && sum + w > maxWeight) {
      pages.push(current);
      current = [];
      sum = 0;
    }
    current.push(item);
    sum += w;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

/** The address of page `n` (1-based) of a paged list at `base` (`/grid-status/`, `/grid-status/2/`, …). */
export function pagePath(base: string, n: number): string {
  return n <= 1 ? base : `${base}${n}/`;
}
