/** Display helpers for pages. */

/** `2026-11-20` → `2026年11月20日`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

const CJK = '\u3000-\u303f\u3400-\u9fff\uff00-\uffef';
/** Full-width punctuation (、。，；：“” etc.): no space follows it in Chinese text. */
const CJK_PUNCT = '\u3000-\u303f\uff00-\uffef';
const CJK_GAP = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'g');
const PUNCT_GAP = new RegExp(`([${CJK_PUNCT}])\\s+`, 'g');

/**
 * Drops the spaces YAML folding (`>-`) leaves when staff wrap a long Chinese
 * text over several lines: between two Chinese characters and after
 * full-width punctuation. Spaces between Chinese and Latin text stay.
 */
export function joinCjk(text: string): string {
  return text.replace(CJK_GAP, '$1').replace(PUNCT_GAP, '$1');
}

const MD_CJK_BREAK = new RegExp(`([${CJK}])[ \\t]*\\n[ \\t]*(?=[${CJK}])`, 'g');
// After full-width punctuation a wrapped line may also start with a number or
// Latin word, unless that starts an ordered list item ("1. ").
const MD_PUNCT_BREAK = new RegExp(`([${CJK_PUNCT}])[ \\t]*\\n[ \\t]*(?=[0-9A-Za-z])(?![0-9]+[.)][ \\t])`, 'g');

/**
 * The same for Markdown: joins a line wrapped inside a Chinese paragraph, so
 * the browser does not show the line break as a space. Only single line
 * breaks are touched, and never before a line starting a list, quote,
 * heading or table (those start with ASCII marks).
 */
export function joinCjkLines(markdown: string): string {
  return markdown.replace(MD_CJK_BREAK, '$1').replace(MD_PUNCT_BREAK, '$1');
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
