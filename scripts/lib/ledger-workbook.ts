/**
 * The ledger workbook (`npm run ledger:export`) written with exceljs: the layout, rows and 说明
 * are functions/statistics/ledger-sheets.ts, which the console's download writes too, so the
 * two files hold the same cells; this adds exceljs's header notes and drop-down lists.
 */
import ExcelJS from 'exceljs';
import type { Ledgers } from '../../functions/statistics/ledgers.ts';
import {
  ledgerAbout,
  ledgerRows,
  ledgerSheets,
  type LedgerNames,
  type LedgerSheetKey,
} from '../../functions/statistics/ledger-sheets.ts';
import { addSheet } from './workbook/export.ts';

export { ledgerSheets, type LedgerSheetKey };

/** The workbook: a 说明 sheet first, then the six ledgers. */
export function ledgerWorkbook(l: Ledgers, names: LedgerNames, scope: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheets = ledgerSheets(names);
  const rows = ledgerRows(l);
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 18 }, { width: 90 }];
  about.addRows(ledgerAbout(l, scope));
  for (const key of Object.keys(sheets) as LedgerSheetKey[]) addSheet(wb, sheets[key], rows[key]);
  return wb;
}
