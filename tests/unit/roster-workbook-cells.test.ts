/** Spreadsheet cells as staff fill them: real Excel date cells and the usual ways of typing a date. */
import { describe, expect, it } from 'vitest';
import { cellText, fromCell } from '../../domain/roster/workbook/cells.ts';
import { SHEETS } from '../../domain/roster/workbook/sheets.ts';

const effective = SHEETS.changes.columns.find((c) => c.key === 'effective')!;

describe('date cells', () => {
  it('accepts a real Excel date cell', () => {
    // ExcelJS reads a date-formatted cell as a Date at UTC midnight.
    expect(fromCell(cellText(new Date(Date.UTC(2026, 10, 20))), effective)).toEqual({ value: '2026-11-20' });
  });

  it('accepts a date cell shown as its serial number (46346 = 2026-11-20)', () => {
    expect(fromCell(cellText(46346), effective)).toEqual({ value: '2026-11-20' });
    expect(fromCell('45658', effective)).toEqual({ value: '2025-01-01' });
  });

  it('accepts 2026/11/20, 2026.11.2 and 2026年11月20日', () => {
    expect(fromCell('2026/11/20', effective)).toEqual({ value: '2026-11-20' });
    expect(fromCell('2026.11.2', effective)).toEqual({ value: '2026-11-02' });
    expect(fromCell('2026年11月20日', effective)).toEqual({ value: '2026-11-20' });
  });

  it('leaves anything else as typed, for the schema to explain', () => {
    expect(fromCell('下周一', effective)).toEqual({ value: '下周一' });
    expect(fromCell('12345', effective)).toEqual({ value: '12345' });
  });
});
