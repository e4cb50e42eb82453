/**
 * Workbook → roster files. Rows are assembled into the content files' records, written in
 * canonical YAML and validated by the same parseRoster the build uses; every problem is
 * mapped back to its sheet, row and column. Returns files only when there is no problem, so
 * the caller writes all or nothing.
 */
import type { z } from 'zod';
import { parseRoster, RosterError, type RosterFiles } from '../load.ts';
import { changesFileSchema, enterpriseSchema } from '../records-schema.ts';
import {
  departmentFileSchema,
  routingFileSchema,
  districtSchema,
  townSchema,
  villageSchema,
  type Roster,
} from '../schema.ts';
import { canonicalMarkdown, serializeRoster, toYaml } from '../serialize.ts';
import { entities, place, setPath, type Entity, type Rec } from './assemble.ts';
import { resolveId } from './names.ts';
import { Origins } from './origins.ts';
import { readSheets, type ImportIssue, type SheetRow } from './read.ts';
import { LEVELS, LIAISON_SLOTS, PEOPLE_SLOTS, SHEETS, type Level } from './sheets.ts';
import type { XlsxWorkbook } from './xlsx.ts';

export interface ImportResult {
  issues: ImportIssue[];
  /** The canonical content files, when there are no issues. */
  files?: RosterFiles;
  roster?: Roster;
}

/** Reads the whole workbook. */
export function importWorkbook(wb: XlsxWorkbook): ImportResult {
  const issues: ImportIssue[] = [];
  const origins = new Origins();
  const sheets = readSheets(wb, issues);

  // District: exactly one row.
  const district: Entity = { file: 'district.yaml', rec: {}, row: sheets.district[0]! };
  if (sheets.district.length !== 1) {
    issues.push({ sheet: SHEETS.district.name, message: `应有且只有 1 行数据，现在有 ${sheets.district.length} 行` });
  } else {
    origins.set('district.yaml', '', district.row.loc);
    for (const col of SHEETS.district.columns) {
      origins.set('district.yaml', col.key, district.row.cell(col.key));
      if (district.row.values[col.key] !== undefined) setPath(district.rec, col.key, district.row.values[col.key]);
    }
  }
  const towns = entities(sheets.towns, 'towns/', origins, issues, ['plan']);
  const villages = entities(sheets.villages, 'villages/', origins, issues);
  const departments = entities(sheets.departments, 'departments/', origins, issues);
  const enterprises = entities(sheets.enterprises, 'enterprises/', origins, issues);
  const owners: Record<Level, Map<string, Entity>> = {
    district: new Map(sheets.district.length === 1 ? [[String(district.rec.id ?? ''), district]] : []),
    town: towns,
    village: villages,
    department: departments,
  };
  const ownerOf = (row: SheetRow, level: Level): Entity | undefined => {
    const id = row.values.owner as string | undefined;
    // The owner's id or, for staff who type names, its name.
    const resolved = id === undefined ? undefined : resolveId(owners[level], id);
    const found = resolved === undefined ? undefined : owners[level].get(resolved);
    if (!found) {
      const sheet = level === 'district' ? SHEETS.district.name : SHEETS[`${level}s` as 'towns'].name;
      issues.push({
        ...row.cell('owner'),
        message: `找不到编号为「${id ?? ''}」的${LEVELS[level]}；请填写“${sheet}”工作表中已有的编号`,
      });
    }
    return found;
  };

  // Where to add rows when a required list has none.
  for (const level of Object.keys(PEOPLE_SLOTS) as Level[]) {
    for (const owner of owners[level].values()) {
      for (const slot of PEOPLE_SLOTS[level]) {
        // An empty list, not a missing one, so the schema's own "please fill in" message applies.
        if (!slot.single) setPath(owner.rec, slot.path, []);
        origins.set(owner.file, slot.path, {
          sheet: SHEETS.people.name,
          hint: `请在“${SHEETS.people.name}”中添加所属层级为“${LEVELS[level]}”、所属编号为“${owner.rec.id}”、所在名单为“${slot.label}”的行`,
        });
      }
    }
  }

  for (const row of sheets.people) {
    const level = row.values.level as Level | undefined;
    if (!level) {
      issues.push({ ...row.cell('level'), message: '请填写所属层级：区、镇（办事处）、村（居）或部门' });
      continue;
    }
    const owner = ownerOf(row, level);
    const label = row.values.slot as string | undefined;
    const slot = PEOPLE_SLOTS[level].find((s) => s.label === label);
    if (!slot) {
      const options = PEOPLE_SLOTS[level].map((s) => `“${s.label}”`).join('、');
      issues.push({ ...row.cell('slot'), message: `${LEVELS[level]}的“所在名单”只能填 ${options}` });
    }
    if (!owner || !slot) continue;
    const v = row.values;
    const item: Rec = {};
    if (slot.scopeField) item.id = v.id;
    for (const k of ['name', 'title', 'role', 'phone']) if (v[k] !== undefined) item[k] = v[k];
    if (slot.fullTime) item.fullTime = v.fullTime;
    else if (v.fullTime !== undefined)
      issues.push({ ...row.cell('fullTime'), message: '“专职”只用于网格监督员，请留空' });
    if (slot.scopeField) item[slot.scopeField] = v.scope;
    else {
      if (v.id !== undefined)
        issues.push({ ...row.cell('id'), message: '“人员编号”只用于一级网格长和二级分网格长，请留空' });
      if (v.scope !== undefined)
        issues.push({ ...row.cell('scope'), message: '“负责范围”只用于一级网格长和二级分网格长，请留空' });
    }
    if (v.sample !== undefined) item.sample = v.sample;
    const field = place(owner, slot, item, row, origins, issues);
    if (!field) continue;
    for (const k of ['name', 'title', 'role', 'phone', 'fullTime', 'id', 'sample']) {
      origins.set(owner.file, `${field}.${k}`, row.cell(k));
    }
    if (slot.scopeField) origins.set(owner.file, `${field}.${slot.scopeField}`, row.cell('scope'));
  }

  if (sheets.district.length === 1) district.rec.liaisons = [];
  for (const row of sheets.liaisons) {
    const level = row.values.level as Level | undefined;
    const slot = level ? LIAISON_SLOTS[level] : undefined;
    if (!level || !slot) {
      issues.push({ ...row.cell('level'), message: '联络人的所属层级只能填“区”“镇（办事处）”或“部门”' });
      continue;
    }
    const owner = ownerOf(row, level);
    if (!owner) continue;
    const item: Rec = {};
    for (const k of ['name', 'unit', 'phone', 'email', 'sample'])
      if (row.values[k] !== undefined) item[k] = row.values[k];
    const field = place(owner, slot, item, row, origins, issues);
    if (field)
      for (const k of ['name', 'unit', 'phone', 'email', 'sample'])
        origins.set(owner.file, `${field}.${k}`, row.cell(k));
  }

  const listRows = (rows: SheetRow[], owner: (r: SheetRow) => Entity | undefined, path: string, keys: string[]) => {
    for (const row of rows) {
      const o = owner(row);
      if (!o) continue;
      const list = o.rec[path] as Rec[];
      const item: Rec = {};
      for (const k of keys) if (row.values[k] !== undefined) item[k] = row.values[k];
      list.push(item);
      const field = `${path}[${list.length - 1}]`;
      origins.set(o.file, field, row.loc);
      for (const k of keys) origins.set(o.file, `${field}.${k}`, row.cell(k));
    }
  };
  const byId = (map: Map<string, Entity>, label: string, sheet: string, col: 'department' | 'enterprise') => {
    return (row: SheetRow) => {
      const id = row.values[col] as string | undefined;
      const found = id === undefined ? undefined : map.get(id);
      if (!found) {
        issues.push({
          ...row.cell(col),
          message: `找不到编号为「${id ?? ''}」的${label}；请填写“${sheet}”工作表中已有的编号`,
        });
      }
      return found;
    };
  };
  for (const d of departments.values()) d.rec.routes = [];
  for (const e of enterprises.values()) Object.assign(e.rec, { dischargePoints: [], pollutants: [] });
  if (sheets.district.length === 1) {
    district.rec.channels = [];
    listRows(sheets.channels, () => district, 'channels', ['kind', 'label', 'value', 'note']);
    origins.set('district.yaml', 'channels', { sheet: SHEETS.channels.name, hint: '请至少填写一种投诉举报渠道' });
  }
  listRows(sheets.routes, byId(departments, '部门', SHEETS.departments.name, 'department'), 'routes', [
    'categories',
    'places',
  ]);
  const findEnt = byId(enterprises, '排污企业', SHEETS.enterprises.name, 'enterprise');
  listRows(sheets.discharge, findEnt, 'dischargePoints', ['code', 'name', 'kind', 'pollutants', 'treatment']);
  listRows(sheets.pollutants, findEnt, 'pollutants', ['name', 'standard', 'limit']);
  for (const e of enterprises.values()) {
    origins.set(e.file, 'dischargePoints', {
      sheet: SHEETS.discharge.name,
      hint: `请添加企业编号为“${e.rec.id}”的排放口`,
    });
    origins.set(e.file, 'pollutants', { sheet: SHEETS.pollutants.name, hint: `请添加企业编号为“${e.rec.id}”的污染物` });
  }

  // A change's scope may name the record (北关村) instead of writing villages/beiguan.
  const scopeOf = (item: string): string => {
    if (item === 'district' || item.includes('/')) return item;
    for (const [dir, map] of [
      ['towns', towns],
      ['villages', villages],
      ['departments', departments],
      ['enterprises', enterprises],
    ] as const) {
      const id = resolveId(map, item);
      if (id) return `${dir}/${id}`;
    }
    return item;
  };
  const changes: Rec[] = sheets.changes.map((row, i) => {
    origins.set('changes.yaml', `[${i}]`, row.loc);
    for (const c of SHEETS.changes.columns) origins.set('changes.yaml', `[${i}].${c.key}`, row.cell(c.key));
    const scope = row.values.scope;
    return { ...row.values, ...(Array.isArray(scope) ? { scope: scope.map((x) => scopeOf(String(x))) } : {}) };
  });
  // A village's town and an enterprise's village may be given by name too.
  for (const v of villages.values()) {
    if (typeof v.rec.town === 'string') v.rec.town = resolveId(towns, v.rec.town) ?? v.rec.town;
  }
  for (const e of enterprises.values()) {
    if (typeof e.rec.village === 'string') e.rec.village = resolveId(villages, e.rec.village) ?? e.rec.village;
  }
  const comments: Record<string, string> = {};
  for (const row of sheets.comments) {
    if (typeof row.values.file === 'string' && typeof row.values.comment === 'string') {
      comments[row.values.file] = row.values.comment.replace(/\s+$/, '');
    }
  }

  // Text of every file, then the one validation the build also uses.
  const texts: RosterFiles = {};
  const put = (e: Entity, schema: z.core.$ZodType) => (texts[e.file] = toYaml(e.rec, schema));
  if (sheets.district.length === 1) put(district, districtSchema);
  for (const t of towns.values()) {
    put(t, townSchema);
    if (typeof t.row.values.plan === 'string') texts[`towns/${t.rec.id}.md`] = canonicalMarkdown(t.row.values.plan);
  }
  for (const v of villages.values()) put(v, villageSchema);
  for (const d of departments.values()) put(d, departmentFileSchema);
  // routing.yaml's entries in department order, so its issues map back to the department's rows.
  const routed = [...departments.values()];
  texts['routing.yaml'] = toYaml(
    routed.map((d) => ({ department: d.rec.id, priority: d.rec.priority, routes: d.rec.routes })),
    routingFileSchema,
  );
  const locate = (file: string, field: string) => {
    const m = file === 'routing.yaml' ? /^\[(\d+)\]\.?(.*)$/.exec(field) : null;
    const d = m ? routed[Number(m[1])] : undefined;
    return d ? origins.find(d.file, m![2]!) : origins.find(file, field);
  };
  for (const e of enterprises.values()) put(e, enterpriseSchema);
  if (changes.length > 0) texts['changes.yaml'] = toYaml(changes, changesFileSchema);

  let roster: Roster | undefined;
  try {
    roster = parseRoster(texts);
  } catch (e) {
    if (!(e instanceof RosterError)) throw e;
    const seen = new Set(issues.map((i) => `${i.sheet}|${i.row}|${i.column}`));
    for (const i of e.issues) {
      const loc = locate(i.file, i.field) ?? { sheet: `（文件 ${i.file}${i.field ? ` › ${i.field}` : ''}）` };
      // A cell that could not be converted already has its own, clearer message.
      if (loc.column && seen.has(`${loc.sheet}|${loc.row}|${loc.column}`)) continue;
      issues.push({ ...loc, message: i.message });
    }
  }
  if (issues.length > 0 || !roster) return { issues };
  return { issues, roster, files: serializeRoster(roster, comments) };
}
