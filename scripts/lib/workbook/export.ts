/**
 * Roster → workbook. Every value goes into a text cell (so Excel keeps phone numbers and
 * dates as typed), headers carry a note saying what to write, and enumerated columns get a
 * drop-down list. With an empty roster it is the template.
 */
import ExcelJS from 'exceljs';
import type { Roster } from '../../../domain/roster/schema.ts';
import { getPath, rowCells } from '../../../domain/sheet-layout.ts';
import { columnLetter } from '../../../domain/roster/workbook/cells.ts';
import {
  LEVELS,
  LIAISON_SLOTS,
  PEOPLE_SLOTS,
  SHEETS,
  type Level,
  type SheetDef,
  type SheetKey,
} from '../../../domain/roster/workbook/sheets.ts';

type Row = Record<string, unknown>;

const VALIDATION_ROWS = 2000;

/** Adds one sheet: bold headers with notes, text cells, drop-downs for yes/no and enumerated columns. */
export function addSheet(wb: ExcelJS.Workbook, def: SheetDef, rows: Row[]) {
  const ws = wb.addWorksheet(def.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = def.columns.map((col) => ({ key: col.key, width: col.width ?? 14, style: { numFmt: '@' } }));
  const header = ws.getRow(1);
  def.columns.forEach((col, i) => {
    const cell = header.getCell(i + 1);
    cell.value = col.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F5E9' } };
    if (col.hint) cell.note = col.hint;
  });
  for (const r of rows) {
    const row = ws.addRow(rowCells(def, r));
    row.alignment = { vertical: 'top', wrapText: true };
  }
  def.columns.forEach((col, i) => {
    const choices = col.kind === 'bool' ? ['是', '否'] : col.kind === 'enum' ? Object.values(col.options!) : null;
    if (!choices) return;
    const letter = columnLetter(i + 1);
    // exceljs has data validations at run time but leaves them out of its type definitions.
    const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
      .dataValidations;
    validations.add(`${letter}2:${letter}${VALIDATION_ROWS}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: '请从列表中选择',
      error: `只能填：${choices.join('、')}`,
      formulae: [`"${choices.join(',')}"`],
    });
  });
}

function peopleRows(level: Level, owner: { id: string }, rows: Row[]) {
  for (const slot of PEOPLE_SLOTS[level]) {
    const value = getPath(owner, slot.path);
    const list = slot.single ? (value ? [value] : []) : ((value as Row[] | undefined) ?? []);
    for (const p of list as Row[]) {
      rows.push({
        ...p,
        level,
        owner: owner.id,
        slot: slot.label,
        scope: slot.scopeField ? p[slot.scopeField] : undefined,
      });
    }
  }
}

function liaisonRows(level: Level, owner: { id: string }, rows: Row[]) {
  const slot = LIAISON_SLOTS[level];
  if (!slot) return;
  const value = getPath(owner, slot.path);
  const list = slot.single ? (value ? [value] : []) : ((value as Row[] | undefined) ?? []);
  for (const l of list as Row[]) rows.push({ ...l, level, owner: owner.id });
}

/** The roster as a workbook: a 说明 sheet, then one sheet per kind of record (see sheets.ts). */
export function rosterWorkbook(roster: Roster, comments: Record<string, string>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'EnvGrid roster:export';
  const rows: Record<SheetKey, Row[]> = {
    district: [roster.district as unknown as Row],
    towns: roster.towns as unknown as Row[],
    villages: roster.villages as unknown as Row[],
    people: [],
    liaisons: [],
    channels: roster.district.channels as unknown as Row[],
    departments: roster.departments as unknown as Row[],
    routes: roster.departments.flatMap((d) => d.routes.map((r) => ({ ...r, department: d.id }))),
    enterprises: roster.enterprises as unknown as Row[],
    discharge: roster.enterprises.flatMap((e) => e.dischargePoints.map((p) => ({ ...p, enterprise: e.id }))),
    pollutants: roster.enterprises.flatMap((e) => e.pollutants.map((p) => ({ ...p, enterprise: e.id }))),
    changes: roster.changes as unknown as Row[],
    comments: Object.entries(comments)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([file, comment]) => ({ file, comment })),
  };
  peopleRows('district', roster.district, rows.people);
  liaisonRows('district', roster.district, rows.liaisons);
  for (const t of roster.towns) {
    peopleRows('town', t, rows.people);
    liaisonRows('town', t, rows.liaisons);
  }
  for (const v of roster.villages) peopleRows('village', v, rows.people);
  for (const d of roster.departments) {
    peopleRows('department', d, rows.people);
    liaisonRows('department', d, rows.liaisons);
  }

  addReadme(wb);
  for (const key of Object.keys(SHEETS) as SheetKey[]) addSheet(wb, SHEETS[key], rows[key]);
  return wb;
}

function addReadme(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet('说明');
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 100;
  const lines: [string, string][] = [
    [
      '网格名册',
      '本工作簿是网格化环境监管名册的全部内容，也是填写模板。改好后运行 npm run roster:import -- 文件名.xlsx 导入。',
    ],
    ['导入规则', '导入时逐行检查；只要有一处错误，就不写入任何文件，并列出每处错误所在的工作表、行和列。'],
    ['单元格', '所有单元格按文字填写；是否类的列填“是”或“否”；多项用顿号“、”分隔；日期写成 YYYY-MM-DD。'],
    ['表头', '请不要修改表头文字；把鼠标停在表头上可以看到该列的填写说明。'],
  ];
  for (const def of Object.values(SHEETS)) lines.push([def.name, def.about]);
  const slots = (Object.keys(PEOPLE_SLOTS) as Level[])
    .map((l) => `${LEVELS[l]}：${PEOPLE_SLOTS[l].map((s) => s.label).join('、')}`)
    .join('；');
  lines.push(['所在名单', `“人员与角色”中“所在名单”可填：${slots}。`]);
  ws.addRow(['项目', '说明']).font = { bold: true };
  for (const l of lines) ws.addRow(l).alignment = { wrapText: true, vertical: 'top' };
}
