/**
 * Converting between content values and spreadsheet cells, both ways, per column kind.
 * Import errors say what to write, in Chinese.
 */
import { NO, YES, type Column } from '../../sheet-layout.ts';

export { columnLetter, toCell } from '../../sheet-layout.ts';
/** List separators staff may type; the export writes `、`. */
const LIST_SPLIT = /[、,，;；\n]+/;

/** The text a cell shows, whatever the reader gives (text, numbers, booleans, dates, rich text, formulas). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? YES : NO;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result);
  }
  return String(value);
}

export type Converted = { value: unknown } | { error: string };

function optionKey(text: string, options: Record<string, string>): string | undefined {
  for (const [key, label] of Object.entries(options)) if (text === label || text === key) return key;
  return undefined;
}

/**
 * A cell's text as a content value: `undefined` for an empty cell, else the typed value, or
 * an error message. Text is trimmed; required-ness and formats are left to the zod schemas.
 */
export function fromCell(raw: string, col: Column): Converted {
  const text = col.kind === 'long' ? raw.replace(/\r\n?/g, '\n') : raw.trim();
  if (text.trim() === '') return { value: undefined };
  const labels = () =>
    Object.values(col.options!)
      .map((l) => `“${l}”`)
      .join('、');
  switch (col.kind) {
    case 'bool':
      if (text === YES) return { value: true };
      if (text === NO) return { value: false };
      return { error: `只能填“是”或“否”，现在是“${text}”` };
    case 'int':
      return /^-?\d+$/.test(text) ? { value: Number(text) } : { error: `请填写整数，如 50，现在是“${text}”` };
    case 'date':
      return { value: normalizeDate(text) };
    case 'list':
      return {
        value: text
          .split(LIST_SPLIT)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'long':
      if (col.key === 'duties')
        return {
          value: text
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        };
      return { value: col.key === 'plan' || col.key === 'comment' ? text : text.trim() };
    case 'enum': {
      const key = optionKey(text, col.options!);
      return key ? { value: key } : { error: `只能填 ${labels()} 之一，现在是“${text}”` };
    }
    case 'enumList': {
      const items = text
        .split(LIST_SPLIT)
        .map((s) => s.trim())
        .filter(Boolean);
      const keys = items.map((i) => optionKey(i, col.options!));
      const bad = items.filter((_, i) => keys[i] === undefined);
      if (bad.length > 0) return { error: `“${bad.join('、')}”不是可选的值；可选：${labels()}，多项用顿号“、”分隔` };
      return { value: keys };
    }
    default:
      return { value: text };
  }
}

const DAY_MS = 86_400_000;
/** Day 0 of Excel's (and WPS's) 1900 date system: serial 1 is 1900-01-01, with Excel's 1900 leap-year quirk. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date as staff type or Excel stores it, written YYYY-MM-DD: a real date cell (read as
 * YYYY-MM-DD by cellText), its bare serial number (a date cell formatted as a number), or
 * text like 2026/11/20, 2026.11.20 or 2026年11月20日. Anything else is left as typed for the
 * schema to explain.
 */
export function normalizeDate(text: string): string {
  // A date-time cell's serial has a fraction (the time of day): the day is its whole part.
  const serial = /^\d{5}(\.\d+)?$/.test(text) ? Math.floor(Number(text)) : NaN;
  // Serials 36526–73050 are 2000-01-01 to 2099-12-31: no other five-digit number is a likely date.
  if (serial >= 36526 && serial <= 73050) return new Date(EXCEL_EPOCH + serial * DAY_MS).toISOString().slice(0, 10);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}
