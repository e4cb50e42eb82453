/** Display helpers for pages. */

/** `2026-11-20` → `2026年11月20日`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Whitespace between two CJK characters or CJK punctuation marks. */
const CJK_GAP = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;

/**
 * Drops the spaces YAML folding (`>-`) leaves between Chinese characters when
 * staff wrap a long text over several lines; spaces next to Latin text stay.
 */
export function joinCjk(text: string): string {
  return text.replace(CJK_GAP, '$1');
}

/** The latest of several ISO dates (for "信息更新于" on pages that combine entries). */
export function latestDate(...dates: (string | undefined)[]): string {
  return (
    dates
      .filter((d): d is string => !!d)
      .sort()
      .at(-1) ?? ''
  );
}

/** Sorts named things in pinyin order, as Chinese readers expect a list of units. */
export function byChineseName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}
