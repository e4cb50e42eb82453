/**
 * An uploaded roster workbook as a proposal: the content files `roster:import` makes of it
 * (domain/roster/workbook/import.ts), compared with the roster as built, give the files that
 * changed; the whole roster with those files goes through `roster:check`; the draft is then
 * completed like an edit form's (apply.ts). Pure, the same in the Worker and in tests.
 */
import { parse as parseYaml } from 'yaml';
import { checkRosterFiles, townOfFile } from '../check.ts';
import type { RosterFiles } from '../load.ts';
import type { ImportIssue } from '../workbook/read.ts';
import { SHEETS } from '../workbook/sheets.ts';
import { changeFields, completeDraft } from './apply.ts';
import type { EditContext, EditResult, FieldError } from './model.ts';

/** The files an upload may write: the ones the workbook carries (change records are drafted, not uploaded). */
const UPLOADED =
  /^(district\.yaml|routing\.yaml|(towns|villages|departments|enterprises)\/[a-z][a-z0-9-]*\.(yaml|md))$/;

const SHEET_OF: Record<string, string> = {
  towns: SHEETS.towns.name,
  villages: SHEETS.villages.name,
  departments: SHEETS.departments.name,
  enterprises: SHEETS.enterprises.name,
};

/** A file's data for comparison: parsed YAML with sorted keys and no `updated`, or a text's trimmed lines. */
function dataOf(path: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (path.endsWith('.md')) return text.trim();
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .filter((k) => k !== 'updated')
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  try {
    return JSON.stringify(sorted(parseYaml(text)));
  } catch {
    return text;
  }
}

export interface WorkbookChanges {
  /** Files whose data differ from the roster as built, in the canonical text of the import. */
  files: { path: string; content: string }[];
  /** Records the workbook leaves out: an upload cannot delete (the sheet and the record named). */
  removed: ImportIssue[];
}

/** What an imported workbook changes against the roster as built. */
export function workbookChanges(built: RosterFiles, imported: RosterFiles): WorkbookChanges {
  const files: WorkbookChanges['files'] = [];
  for (const path of Object.keys(imported).sort()) {
    if (!UPLOADED.test(path)) continue;
    if (dataOf(path, built[path]) !== dataOf(path, imported[path])) files.push({ path, content: imported[path]! });
  }
  const removed: ImportIssue[] = [];
  for (const path of Object.keys(built).sort()) {
    const m = /^(towns|villages|departments|enterprises)\/([a-z][a-z0-9-]*)\.yaml$/.exec(path);
    if (!m || imported[path] !== undefined) continue;
    removed.push({
      sheet: SHEET_OF[m[1]!]!,
      message: `缺少编号为「${m[2]}」的行：上传工作簿不能删除名册中的记录；请把这一行加回后重新上传，删除请联系区网格办`,
    });
  }
  return { files, removed };
}

/**
 * The towns an upload's files belong to, before and after (a village moved between towns
 * concerns both); `null` stands for district-wide files (the district, departments, routing).
 */
export function townsOfUpload(built: RosterFiles, next: RosterFiles, paths: readonly string[]): (string | null)[] {
  const out = new Set<string | null>();
  for (const path of paths) {
    const towns = [townOfFile(built, path), townOfFile(next, path)].filter((t) => t !== undefined);
    if (towns.length === 0) out.add(null);
    for (const t of towns) out.add(t);
  }
  return [...out];
}

/**
 * The draft of an upload's changed files: the roster as built with them written, checked as
 * `roster:check` checks it, then completed as every edit is. Errors go to the form (`_form`,
 * naming the file) or its effective date and summary.
 */
export async function draftWorkbook(
  files: readonly { path: string; content: string }[],
  req: { effective: string; summary: string },
  ctx: EditContext,
): Promise<EditResult> {
  if (files.length === 0)
    return { ok: false, errors: [{ field: '_form', message: '工作簿与现有名册相同，没有需要提交的改动' }] };
  const common = changeFields(req);
  if (common.errors.length > 0) return { ok: false, errors: common.errors };
  const next: RosterFiles = { ...ctx.built.files };
  for (const f of files) next[f.path] = f.content;
  const check = checkRosterFiles(next, { today: ctx.today });
  const errors: FieldError[] = check.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({ field: '_form', message: `${f.file}${f.field ? ` › ${f.field}` : ''}：${f.message}` }));
  if (errors.length > 0 || !check.roster) return { ok: false, errors };
  const written = files.map((f) => f.path);
  const towns = townsOfUpload(ctx.built.files, next, written);
  const scope = [
    ...new Set(
      written.flatMap((p) => {
        if (p === 'district.yaml') return ['district'];
        const m = /^(towns|villages|departments|enterprises)\/([a-z][a-z0-9-]*)\.(yaml|md)$/.exec(p);
        return m ? [`${m[1]}/${m[2]}`] : [];
      }),
    ),
  ];
  return completeDraft(ctx, {
    kind: 'workbook',
    town: towns.length === 1 ? towns[0]! : null,
    next,
    written,
    scope: scope.length > 0 ? scope : ['district'],
    effective: common.effective,
    summary: common.summary,
    checked: { findings: check.findings, roster: check.roster },
  });
}
