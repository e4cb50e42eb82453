/**
 * The XLSX reader the Worker and roster:import share (domain/roster/workbook/xlsx.ts): on
 * workbooks written by roster:export's code, importing gives back content/ exactly; every
 * cell type Excel writes reads as its shown value; hostile files are refused with a message
 * for staff (not a zip, a zip bomb, too many entries, malformed XML, a missing sheet).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { importWorkbook } from '../../domain/roster/workbook/import.ts';
import { readXlsx, XlsxError } from '../../domain/roster/workbook/xlsx.ts';
import { exportedWorkbook, replaceInDongxing } from '../support/roster-workbooks.ts';
import { tinyXlsx, zip } from '../support/zip.ts';

const CONTENT = join(import.meta.dirname, '..', '..', 'content');
/** ExcelJS writes a whole workbook per test: a few seconds when the machine is busy. */
const BUDGET_MS = 60_000;

async function refusal(bytes: Uint8Array, limits?: Parameters<typeof readXlsx>[1]): Promise<string> {
  try {
    await readXlsx(bytes, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(XlsxError);
    return (e as Error).message;
  }
  throw new Error('read without error');
}

describe('workbooks written by roster:export', { timeout: BUDGET_MS }, () => {
  it('read back and imported, equal content/ file for file', async () => {
    const result = importWorkbook(await readXlsx(await exportedWorkbook()));
    expect(result.issues).toEqual([]);
    const content = await readRosterFiles(CONTENT);
    expect(Object.keys(result.files!).sort()).toEqual(Object.keys(content).sort());
    for (const [path, text] of Object.entries(content)) expect(result.files![path], path).toBe(text);
  });

  it('one supervisor changed in a cell changes that village file only', async () => {
    const result = importWorkbook(await readXlsx(await exportedWorkbook(replaceInDongxing)));
    const content = await readRosterFiles(CONTENT);
    const changed = Object.keys(content).filter((p) => result.files![p] !== content[p]);
    expect(changed).toEqual(['villages/dongxing.yaml']);
    expect(result.files!['villages/dongxing.yaml']).toContain("{ name: 马丽娜, role: 网格监督员, phone: '13800000099'");
  });

  it('a workbook without a sheet is named by the importer', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportedWorkbook()).buffer as ArrayBuffer);
    wb.removeWorksheet(wb.getWorksheet('联络人')!.id);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const result = importWorkbook(await readXlsx(bytes));
    expect(result.files).toBeUndefined();
    expect(result.issues).toContainEqual(
      expect.objectContaining({ sheet: '联络人', message: expect.stringContaining('缺少这个工作表') }),
    );
  });
});

describe('cells', () => {
  it('reads shared, inline and formula strings, numbers, booleans, errors, escapes and rich text', async () => {
    const wb = await readXlsx(
      tinyXlsx(
        `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>行内 &amp; 文字</t></is></c></row>` +
          `<row r="3"><c r="A3"><v>13800000099</v></c><c r="B3" s="1"><v>46357</v></c><c r="C3" t="b"><v>1</v></c>` +
          `<c r="D3" t="str"><f>A1&amp;"x"</f><v>公式结果</v></c><c r="E3"><f>1+1</f><v>2</v></c><c r="F3" t="e"><v>#N/A</v></c><c r="G3"><f>NOW()</f></c></row>`,
        [
          '<si><t xml:space="preserve">第一行_x000D_\n第二行</t></si>',
          '<si><r><rPr><b/></rPr><t>东兴</t></r><r><t>社区</t></r><rPh sb="0" eb="1"><t>とう</t></rPh></si>',
        ],
      ),
    );
    const s = wb.sheet('人员与角色')!;
    // G3's formula has no cached value: an empty cell.
    expect([s.rowCount, s.columnCount]).toEqual([3, 6]);
    expect(s.cell(1, 1)).toBe('第一行\r\n第二行');
    expect(s.cell(1, 2)).toBe('东兴社区');
    expect(s.cell(1, 3)).toBeNull();
    expect(s.cell(1, 4)).toBe('行内 & 文字');
    expect(s.cell(2, 1)).toBeNull();
    expect([3, 4, 5, 6, 7].map((c) => s.cell(3, c))).toEqual([true, '公式结果', 2, '#N/A', null]);
    expect(s.cell(3, 1)).toBe(13800000099);
    expect(s.cell(3, 2)).toBe(46357); // a date cell: its serial, which the importer turns into 2026-12-01
    expect(wb.sheet('没有')).toBeUndefined();
  });

  it('places cells without references one after another', async () => {
    const s = (
      await readXlsx(
        tinyXlsx('<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row><c><v>2</v></c></row>'),
      )
    ).sheets[0]!;
    expect([s.cell(1, 1), s.cell(1, 2), s.cell(2, 1)]).toEqual(['a', 1, 2]);
  });
});

describe('hostile files', () => {
  it('refuses what is not a zip, and a truncated one', async () => {
    expect(await refusal(new TextEncoder().encode('姓名,电话\n马丽娜,13800000099\n'))).toContain('不是 .xlsx');
    expect(await refusal(new Uint8Array())).toContain('不是 .xlsx');
    const good = tinyXlsx('<row r="1"><c r="A1"><v>1</v></c></row>');
    expect(await refusal(good.slice(0, good.length - 30))).toContain('损坏');
  });

  it('refuses a zip that is not a workbook', async () => {
    expect(await refusal(zip([{ name: 'word/document.xml', data: '<document/>' }]))).toContain('不是 .xlsx');
  });

  it('stops inflating a zip bomb at the limit', async () => {
    const bomb = zip([
      { name: 'xl/workbook.xml', data: '<workbook><sheets/></workbook>' },
      { name: 'xl/sharedStrings.xml', data: new Uint8Array(8 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await refusal(bomb, { maxEntries: 100, maxInflatedBytes: 1024 * 1024 })).toContain('解压后超过 1 MB');
  });

  it('refuses too many entries', async () => {
    const many = zip(Array.from({ length: 12 }, (_, i) => ({ name: `x/${i}.xml`, data: '<a/>' })));
    expect(await refusal(many, { maxEntries: 10, maxInflatedBytes: 1024 })).toContain('12 个部件');
  });

  it('refuses malformed XML and a sheet whose part is missing', async () => {
    expect(await refusal(tinyXlsx('<row r="1"><c r="A1"><v>1</v></row>'))).toContain('不是完整的 XML');
    expect(await refusal(tinyXlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row><<row>'))).toContain('不是完整的 XML');
    const noSheet = zip([
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="村（居）" r:id="rId9"/></sheets></workbook>' },
    ]);
    expect(await refusal(noSheet)).toContain('找不到工作表「村（居）」');
  });
});
