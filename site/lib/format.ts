/** Display helpers for pages. */

/** `2026-11-20` → `2026年11月20日`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
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
