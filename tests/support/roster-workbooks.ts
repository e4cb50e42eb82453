/**
 * Roster workbooks as staff bring them back: written by `roster:export`'s code (ExcelJS, in
 * Node) from content/, then edited cell by cell as in Excel. Shared by the reader's unit
 * tests, the upload's worker tests (through their global setup) and the e2e test.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { parseRoster } from '../../domain/roster/load.ts';
import { commentsOf } from '../../domain/roster/serialize.ts';
import { rosterWorkbook } from '../../scripts/lib/workbook/export.ts';

const CONTENT = join(import.meta.dirname, '..', '..', 'content');
const PEOPLE = '人员与角色';

/** The workbook `npm run roster:export` writes for content/, as bytes, after `edit`. */
export async function exportedWorkbook(edit: (wb: ExcelJS.Workbook) => void = () => {}): Promise<Uint8Array> {
  const files = await readRosterFiles(CONTENT);
  const wb = rosterWorkbook(parseRoster(files), commentsOf(files));
  edit(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Sets the cells of the person named `name` on the people sheet, by header: `{ 姓名: …, 电话: … }`. */
export function editPerson(wb: ExcelJS.Workbook, name: string, cells: Record<string, string>): void {
  const ws = wb.getWorksheet(PEOPLE)!;
  const headers = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!(row.values as unknown[]).includes(name)) continue;
    for (const [header, value] of Object.entries(cells)) {
      const col = headers.indexOf(header);
      if (col < 1) throw new Error(`no column ${header}`);
      row.getCell(col).value = value;
    }
    return;
  }
  throw new Error(`no person ${name}`);
}

/** The row number of the person named `name` on the people sheet. */
export async function personRow(name: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportedWorkbook()).buffer as ArrayBuffer);
  const ws = wb.getWorksheet(PEOPLE)!;
  for (let r = 2; r <= ws.rowCount; r++) if ((ws.getRow(r).values as unknown[]).includes(name)) return r;
  throw new Error(`no person ${name}`);
}

/** 东兴社区 (街道办事处): its full-time supervisor 冯秀兰 replaced by 马丽娜 (示例). */
export const replaceInDongxing = (wb: ExcelJS.Workbook) =>
  editPerson(wb, '冯秀兰', { 姓名: '马丽娜', 电话: '13800000099' });

/** The workbooks the upload tests send, by name. */
export async function uploadCases(): Promise<Record<'unchanged' | 'replaced' | 'badPhone' | 'otherTown', Uint8Array>> {
  return {
    unchanged: await exportedWorkbook(),
    replaced: await exportedWorkbook(replaceInDongxing),
    badPhone: await exportedWorkbook((wb) => editPerson(wb, '冯秀兰', { 姓名: '马丽娜', 电话: '1380000abc' })),
    // 大庄村 is in 老庄子镇, not in the town member's 街道办事处.
    otherTown: await exportedWorkbook((wb) => {
      replaceInDongxing(wb);
      editPerson(wb, '冯长青', { 姓名: '韩雪梅', 电话: '13800000098' });
    }),
  };
}
