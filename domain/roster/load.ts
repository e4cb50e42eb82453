/**
 * Parses and cross-checks the roster from its files. Pure: it takes the files'
 * text, so Node tools, the Vite plugin and tests share it. Every problem is
 * reported with the file, the field and what to do; nothing is half-loaded.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import {
  districtSchema,
  townSchema,
  villageSchema,
  departmentFileSchema,
  routingFileSchema,
  type Roster,
  type Town,
  type Village,
  type Department,
} from './schema.ts';
import {
  calendarYearSchema,
  changesFileSchema,
  enterpriseSchema,
  type CalendarYear,
  type Change,
  type Enterprise,
} from './records-schema.ts';
import type { RosterIssue } from './issue.ts';
import { recordIssues } from './records.ts';

z.config(z.locales.zhCN());

export type { RosterIssue };

export class RosterError extends Error {
  readonly issues: RosterIssue[];
  constructor(issues: RosterIssue[], root = 'content') {
    super(formatIssues(issues, root));
    this.name = 'RosterError';
    this.issues = issues;
  }
}

/** One line per issue: `content/file.yaml › field: message`. */
export function formatIssues(issues: RosterIssue[], root = 'content'): string {
  const lines = issues.map((i) => `  ${root}/${i.file}${i.field ? ` › ${i.field}` : ''}：${i.message}`);
  return `名册内容有 ${issues.length} 处错误，请逐条修改后重试：\n${lines.join('\n')}`;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function zodIssues(file: string, error: z.ZodError): RosterIssue[] {
  return error.issues.map((iss) => {
    if (iss.code === 'unrecognized_keys') {
      return {
        file,
        field: fieldPath(iss.path),
        message: `有未知字段 ${iss.keys.map((k) => `「${k}」`).join('、')}，请检查拼写或删除该字段`,
      };
    }
    return { file, field: fieldPath(iss.path), message: iss.message };
  });
}

/** Content file paths, relative to the content folder, mapped to their text. */
export type RosterFiles = Record<string, string>;

const KINDS = [
  { dir: 'towns/', schema: townSchema },
  { dir: 'villages/', schema: villageSchema },
  { dir: 'departments/', schema: departmentFileSchema },
  { dir: 'enterprises/', schema: enterpriseSchema },
] as const;

function parseFile(file: string, text: string, issues: RosterIssue[]): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `第 ${e.linePos[0].line} 行` : '';
    issues.push({
      file,
      field: '',
      message: `YAML 格式有误${where ? `（${where}）` : ''}：请检查缩进、冒号后的空格和引号是否成对。${e instanceof Error ? e.message.split('\n')[0] : ''}`,
    });
    return undefined;
  }
}

function validate<T>(file: string, schema: z.ZodType<T>, data: unknown, issues: RosterIssue[]): T | undefined {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  issues.push(...zodIssues(file, r.error));
  return undefined;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
}

/**
 * Parses every roster file, validates it against its schema and checks the
 * references between files. Throws a RosterError listing every problem.
 */
export function parseRoster(files: RosterFiles): Roster {
  const issues: RosterIssue[] = [];
  const paths = Object.keys(files).sort();

  let district: Roster['district'] | undefined;
  if (files['district.yaml'] === undefined) {
    issues.push({
      file: 'district.yaml',
      field: '',
      message: '缺少区级（一级网格）文件 district.yaml，请从示例复制一份再修改',
    });
  } else {
    const data = parseFile('district.yaml', files['district.yaml'], issues);
    if (data !== undefined) district = validate('district.yaml', districtSchema, data, issues);
  }

  // The change log is optional: a roster without one simply has no recorded changes.
  let changes: Change[] = [];
  if (files['changes.yaml'] !== undefined) {
    const data = parseFile('changes.yaml', files['changes.yaml'], issues);
    if (data !== undefined) changes = validate('changes.yaml', changesFileSchema, data ?? [], issues) ?? [];
  }

  const calendars = parseCalendars(files, issues);

  const towns: Town[] = [];
  const villages: Village[] = [];
  const departments: Department[] = [];
  const enterprises: Enterprise[] = [];
  const fileOf = new Map<object, string>();
  // Files that failed to parse or validate: their own issues are reported, so
  // references to their ids are not reported again as "not found".
  const broken = new Set<string>();
  for (const file of paths) {
    if (!/\.ya?ml$/.test(file) || file === 'district.yaml') continue;
    const kind = KINDS.find((k) => file.startsWith(k.dir));
    if (!kind) continue;
    const data = parseFile(file, files[file]!, issues);
    const entity =
      data === undefined
        ? undefined
        : validate(file, kind.schema as z.ZodType<Town | Village | Department | Enterprise>, data, issues);
    if (!entity) {
      // Already reported; references to it should not add "not found" errors on top.
      broken.add(`${kind.dir}${baseName(file)}`);
      continue;
    }
    if (entity.id !== baseName(file)) {
      issues.push({
        file,
        field: 'id',
        message: `id「${entity.id}」与文件名不一致，请把文件改名为 ${entity.id}.yaml 或把 id 改为「${baseName(file)}」`,
      });
    }
    fileOf.set(entity, file);
    if (kind.dir === 'towns/') {
      const plan = files[file.replace(/\.ya?ml$/, '.md')];
      const town = plan === undefined ? (entity as Town) : { ...(entity as Town), plan };
      fileOf.set(town, file);
      towns.push(town);
    } else if (kind.dir === 'villages/') villages.push(entity as Village);
    else if (kind.dir === 'enterprises/') enterprises.push(entity as Enterprise);
    else departments.push({ ...(entity as Department), routes: [], priority: 50 });
  }

  for (const d of departments) fileOf.set(d, `departments/${d.id}.yaml`);
  applyRouting(files, departments, broken, issues);

  checkDuplicates('镇（办事处）', towns, fileOf, issues);
  checkDuplicates('村（居）', villages, fileOf, issues);
  checkDuplicates('部门', departments, fileOf, issues);
  checkDuplicates('排污企业', enterprises, fileOf, issues);
  issues.push(...recordIssues({ towns, villages, departments, enterprises, changes, fileOf, broken }));

  const townIds = new Set(towns.map((t) => t.id));
  const villageTown = new Map(villages.map((v) => [v.id, v.town]));
  const townList = [...townIds].join('、') || '（尚无）';

  for (const v of villages) {
    if (!townIds.has(v.town) && !broken.has(`towns/${v.town}`)) {
      issues.push({
        file: fileOf.get(v)!,
        field: 'town',
        message: `找不到镇（办事处）「${v.town}」，请改为已有的 id：${townList}`,
      });
    }
  }
  for (const t of towns) {
    t.subLeaders.forEach((s, i) => {
      s.villages.forEach((vid, j) => {
        const owner = villageTown.get(vid);
        if (owner === undefined) {
          if (broken.has(`villages/${vid}`)) return;
          issues.push({
            file: fileOf.get(t)!,
            field: `subLeaders[${i}].villages[${j}]`,
            message: `找不到村（居）「${vid}」，请先在 villages/ 中建立 ${vid}.yaml，或改为已有村（居）的 id`,
          });
        } else if (owner !== t.id && townIds.has(owner)) {
          // (a village naming an unknown town is reported on the village itself)
          issues.push({
            file: fileOf.get(t)!,
            field: `subLeaders[${i}].villages[${j}]`,
            message: `村（居）「${vid}」属于「${owner}」，不属于本镇（办事处），请删除或改为本镇的村（居）`,
          });
        }
      });
    });
  }
  if (district) {
    const seen = new Set<string>();
    district.leaders.forEach((l, i) => {
      if (seen.has(l.id))
        issues.push({
          file: 'district.yaml',
          field: `leaders[${i}].id`,
          message: `一级网格长 id「${l.id}」重复，请改为不同的 id`,
        });
      seen.add(l.id);
      l.towns.forEach((tid, j) => {
        if (!townIds.has(tid) && !broken.has(`towns/${tid}`)) {
          issues.push({
            file: 'district.yaml',
            field: `leaders[${i}].towns[${j}]`,
            message: `找不到镇（办事处）「${tid}」，请改为已有的 id：${townList}`,
          });
        }
      });
    });
  }

  if (issues.length > 0 || !district) throw new RosterError(issues);
  const byName = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    district,
    towns: towns.sort(byName),
    villages: villages.sort(byName),
    departments: departments.sort(byName),
    enterprises: enterprises.sort(byName),
    changes,
    calendars,
  };
}

/**
 * `routing.yaml`: each department's routes and priority (optional; without it no department takes
 * complaints, which the route-coverage rule reports).
 */
function applyRouting(files: RosterFiles, departments: Department[], broken: Set<string>, issues: RosterIssue[]): void {
  const file = 'routing.yaml';
  if (files[file] === undefined) return;
  const data = parseFile(file, files[file], issues);
  const table = data === undefined ? undefined : validate(file, routingFileSchema, data ?? [], issues);
  if (!table) return;
  const byId = new Map(departments.map((d) => [d.id, d]));
  const seen = new Set<string>();
  table.forEach((entry, i) => {
    const d = byId.get(entry.department);
    if (seen.has(entry.department)) {
      issues.push({ file, field: `[${i}].department`, message: `部门「${entry.department}」写了两次，请合并为一项` });
    } else if (!d) {
      if (!broken.has(`departments/${entry.department}`)) {
        issues.push({
          file,
          field: `[${i}].department`,
          message: `找不到部门「${entry.department}」，请改为 departments/ 中已有的部门 id：${[...byId.keys()].join('、')}`,
        });
      }
    } else {
      d.routes = entry.routes;
      d.priority = entry.priority;
    }
    seen.add(entry.department);
  });
}

/** `calendar/<year>.yaml`: the years' official arrangements, the file named by its year. */
function parseCalendars(files: RosterFiles, issues: RosterIssue[]): CalendarYear[] {
  const out: CalendarYear[] = [];
  for (const file of Object.keys(files).sort()) {
    if (!file.startsWith('calendar/') || !/\.ya?ml$/.test(file)) continue;
    const data = parseFile(file, files[file]!, issues);
    const year = data === undefined ? undefined : validate(file, calendarYearSchema, data, issues);
    if (!year) continue;
    if (String(year.year) !== baseName(file)) {
      issues.push({
        file,
        field: 'year',
        message: `年份 ${year.year} 与文件名不一致：${year.year} 年的放假安排请写在 calendar/${year.year}.yaml 中`,
      });
      continue;
    }
    out.push(year);
  }
  return out;
}

function checkDuplicates(label: string, items: { id: string }[], fileOf: Map<object, string>, issues: RosterIssue[]) {
  const first = new Map<string, string>();
  for (const item of items) {
    const file = fileOf.get(item)!;
    const prev = first.get(item.id);
    if (prev) issues.push({ file, field: 'id', message: `${label} id「${item.id}」与 ${prev} 重复，请改为唯一的 id` });
    else first.set(item.id, file);
  }
}
