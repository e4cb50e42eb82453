/**
 * How a spreadsheet's columns map to record fields, and a value as the cell text written for
 * it: shared by the roster workbook (scripts/lib/workbook/), the ledger workbook written by
 * `npm run ledger:export` (exceljs, Node) and the console's download (functions/xlsx.ts, in
 * the Worker), so every writer puts the same text in the same cell and the project's reader
 * (domain/roster/workbook/read.ts) reads them all back.
 */

export type ColumnKind = 'text' | 'long' | 'date' | 'bool' | 'int' | 'list' | 'enum' | 'enumList';

export interface Column {
  /** Dotted field path inside the record (`office.name`), or a key the importer handles itself. */
  key: string;
  header: string;
  kind: ColumnKind;
  /** Shown as the header cell's note: what to write. */
  hint: string;
  width?: number;
  /** For enum/enumList: stored key → Chinese label. */
  options?: Record<string, string>;
}

export interface SheetDef {
  name: string;
  /** One sentence for the 说明 sheet. */
  about: string;
  columns: Column[];
}

export const YES = '是';
export const NO = '否';

/** A content value as the cell text the export writes. */
export function toCell(value: unknown, col: Column): string {
  if (value === undefined || value === null) return '';
  switch (col.kind) {
    case 'bool':
      return value ? YES : NO;
    case 'int':
      return String(value);
    case 'list':
      return (value as string[]).join('、');
    case 'long':
      return col.key === 'duties' ? (value as string[]).join('\n') : String(value);
    case 'enum':
      return col.options![value as string] ?? String(value);
    case 'enumList':
      return (value as string[]).map((k) => col.options![k] ?? k).join('、');
    default:
      return String(value);
  }
}

/** Reads a dotted path (`office.director`) from a record. */
export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Spreadsheet column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** One record as the texts of its sheet's cells, in column order. */
export function rowCells(def: SheetDef, record: unknown): string[] {
  return def.columns.map((col) => toCell(getPath(record, col.key), col));
}
