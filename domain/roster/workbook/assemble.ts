/**
 * Building content records from workbook rows: one record per row of an entity sheet, and
 * people or liaisons placed into their owner's lists, each field's origin remembered.
 */
import type { Origins } from './origins.ts';
import type { ImportIssue, SheetRow } from './read.ts';
import { idFromName } from './names.ts';
import { SHEETS, type Slot } from './sheets.ts';
import { getPath } from '../../sheet-layout.ts';

export type Rec = Record<string, unknown>;

/** Sets a dotted path, creating parent objects. */
export function setPath(obj: Rec, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Rec;
  cur[parts.at(-1)!] = value;
}

export interface Entity {
  file: string;
  rec: Rec;
  row: SheetRow;
}

/** Builds one record per row of an entity sheet (keyed by its id column). */
export function entities(rows: SheetRow[], dir: string, origins: Origins, issues: ImportIssue[], skip: string[] = []) {
  const out = new Map<string, Entity>();
  for (const row of rows) {
    // A new row may leave the id empty: it is made from the name's pinyin.
    const name = typeof row.values.name === 'string' ? row.values.name : '';
    const id = (row.values.id as string | undefined) ?? idFromName(name, (x) => out.has(x));
    if (!id) {
      issues.push({
        ...row.cell('id'),
        message: '请填写编号（id），如 laozhuangzi；留空时按名称的拼音生成，需先填写名称',
      });
      continue;
    }
    if (row.values.id === undefined) row.values.id = id;
    const prev = out.get(id);
    if (prev) {
      issues.push({ ...row.cell('id'), message: `编号「${id}」与第 ${prev.row.row} 行重复，请改为唯一的编号` });
      continue;
    }
    const file = `${dir}${id}.yaml`;
    const rec: Rec = {};
    origins.set(file, '', row.loc);
    for (const col of SHEETS[sheetOf(dir)].columns) {
      if (skip.includes(col.key)) continue;
      origins.set(file, col.key, row.cell(col.key));
      if (row.values[col.key] !== undefined) setPath(rec, col.key, row.values[col.key]);
    }
    out.set(id, { file, rec, row });
  }
  return out;
}

function sheetOf(dir: string) {
  return (
    {
      'towns/': 'towns',
      'villages/': 'villages',
      'departments/': 'departments',
      'enterprises/': 'enterprises',
    } as const
  )[dir as 'towns/'];
}

/** Appends `item` to the list (or sets the single value) at `slot.path` of `owner`. */
export function place(
  owner: Entity,
  slot: Slot,
  item: Rec,
  row: SheetRow,
  origins: Origins,
  issues: ImportIssue[],
): string | undefined {
  if (slot.single) {
    if (getPath(owner.rec, slot.path) !== undefined) {
      issues.push({ ...row.cell('slot'), message: `“${slot.label}”只能有一人，请删除多余的行或改填其他名单` });
      return undefined;
    }
    setPath(owner.rec, slot.path, item);
    origins.set(owner.file, slot.path, row.loc);
    return slot.path;
  }
  const list = getPath(owner.rec, slot.path) as Rec[]; // created empty for every owner
  list.push(item);
  const field = `${slot.path}[${list.length - 1}]`;
  origins.set(owner.file, field, row.loc);
  return field;
}
