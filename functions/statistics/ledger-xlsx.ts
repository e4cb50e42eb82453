/**
 * The ledger workbook written in the Worker for the console's download: the same 说明 sheet,
 * sheets, headers and cell texts as `npm run ledger:export` (both from ledger-sheets.ts),
 * through the small XLSX writer (functions/xlsx.ts).
 */
import { rowCells } from '../../domain/sheet-layout.ts';
import { xlsx } from '../xlsx.ts';
import { ledgerAbout, ledgerRows, ledgerSheets, type LedgerNames, type LedgerSheetKey } from './ledger-sheets.ts';
import type { Ledgers } from './ledgers.ts';

/** The quarter's six ledgers (and the 说明 sheet) as XLSX bytes. */
export function ledgerXlsx(l: Ledgers, names: LedgerNames, scope: string): Promise<Uint8Array<ArrayBuffer>> {
  const sheets = ledgerSheets(names);
  const rows = ledgerRows(l);
  return xlsx([
    { name: '说明', widths: [18, 90], rows: ledgerAbout(l, scope), header: false },
    ...(Object.keys(sheets) as LedgerSheetKey[]).map((key) => ({
      name: sheets[key].name,
      widths: sheets[key].columns.map((c) => c.width ?? 14),
      rows: [sheets[key].columns.map((c) => c.header), ...rows[key].map((r) => rowCells(sheets[key], r))],
    })),
  ]);
}
