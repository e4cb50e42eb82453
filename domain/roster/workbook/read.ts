/**
 * Reads the workbook's sheets into typed rows, remembering where every value came from
 * (sheet, row, column) so any later error can point staff at the exact cell.
 */
import { cellText, columnLetter, fromCell } from './cells.ts';
import { SHEETS, type Column, type SheetDef, type SheetKey } from './sheets.ts';
import type { XlsxWorkbook } from './xlsx.ts';

/** A place in the workbook; `row` and `column` absent for sheet-level problems. */
export interface Loc {
  sheet: string;
  row?: number;
  column?: string;
  /** Column letter, e.g. H. */
  letter?: string;
  /** What to add where, for problems about something missing (e.g. no rows for a list). */
  hint?: string;
}

export interface ImportIssue extends Loc {
  message: string;
}

export interface SheetRow {
  /** Excel row number (the header is row 1). */
  row: number;
  values: Record<string, unknown>;
  /** Where each column's cell is. */
  cell(key: string): Loc;
  /** The row as a whole. */
  loc: Loc;
}

/** `工作表「人员与角色」第 12 行「电话」列（H 列）：…` */
export function formatIssue(i: ImportIssue): string {
  let where = `工作表「${i.sheet}」`;
  if (i.row !== undefined) where += `第 ${i.row} 行`;
  if (i.column) where += `「${i.column}」列${i.letter ? `（${i.letter} 列）` : ''}`;
  return `${where}：${i.message}${i.hint ? `（${i.hint}）` : ''}`;
}

/**
 * Every non-empty data row of each sheet, converted per column. Missing sheets or headers
 * and cells that cannot be converted are added to `issues`. `sheets` defaults to the
 * roster's layout; the ledger workbook passes its own.
 */
export function readSheets<K extends string = SheetKey>(
  wb: XlsxWorkbook,
  issues: ImportIssue[],
  sheets: Record<K, SheetDef> = SHEETS as unknown as Record<K, SheetDef>,
): Record<K, SheetRow[]> {
  const out = {} as Record<K, SheetRow[]>;
  for (const key of Object.keys(sheets) as K[]) {
    const def = sheets[key];
    out[key] = [];
    const ws = wb.sheet(def.name);
    if (!ws) {
      issues.push({
        sheet: def.name,
        message: '缺少这个工作表；请在 npm run roster:export 导出的工作簿上修改，不要删除或改名工作表',
      });
      continue;
    }
    const positions = new Map<string, number>();
    for (let col = 1; col <= ws.columnCount; col++) {
      const header = cellText(ws.cell(1, col)).trim();
      const c = def.columns.find((x) => x.header === header);
      if (c && !positions.has(c.key)) positions.set(c.key, col);
    }
    const missing = def.columns.filter((c) => !positions.has(c.key));
    for (const c of missing) {
      issues.push({
        sheet: def.name,
        row: 1,
        message: `缺少「${c.header}」列；请把第 1 行的表头改回导出模板中的文字`,
      });
    }
    if (missing.length > 0) continue;
    for (let r = 2; r <= ws.rowCount; r++) {
      const texts = new Map(def.columns.map((c) => [c.key, cellText(ws.cell(r, positions.get(c.key)!))]));
      if ([...texts.values()].every((t) => t.trim() === '')) continue;
      const cellLoc = (c: Column): Loc => ({
        sheet: def.name,
        row: r,
        column: c.header,
        letter: columnLetter(positions.get(c.key)!),
      });
      const values: Record<string, unknown> = {};
      for (const c of def.columns) {
        const converted = fromCell(texts.get(c.key)!, c);
        if ('error' in converted) issues.push({ ...cellLoc(c), message: converted.error });
        else if (converted.value !== undefined) values[c.key] = converted.value;
      }
      out[key].push({
        row: r,
        values,
        loc: { sheet: def.name, row: r },
        cell: (k) => {
          const c = def.columns.find((x) => x.key === k);
          return c ? cellLoc(c) : { sheet: def.name, row: r };
        },
      });
    }
  }
  return out;
}
