/**
 * The edit engine: from the roster as built and a posted form to the proposal's content — the
 * new canonical file texts (serialize.ts, as `roster:import` writes them) with the sha256 of
 * the text each started from, the drafted change record (id and summary as `roster:changes`
 * drafts them), the diff in words and the plan's findings the edit brings in or clears.
 * Validation is the roster's own: each written file through its zod schema, then the whole
 * `roster:check` (checkRosterFiles) over the roster with the edit applied. Pure and the same in
 * the Worker, Node and tests.
 */
import { parse as parseYaml } from 'yaml';
import { sha256Hex } from '../../crypto.ts';
import { checkRosterFiles } from '../check.ts';
import { fieldPath, type RosterFiles } from '../load.ts';
import { diffSnapshots, nextChangeId, snapshotOf } from '../publication.ts';
import { changeSchema, type Change } from '../records-schema.ts';
import type { Finding } from '../rules.ts';
import { canonicalValue, leadingComment, toYaml } from '../serialize.ts';
import { draftSummary } from '../summary.ts';
import { diffEntity } from './diff.ts';
import { EDITS, SCHEMAS, type EditDef, type Write } from './kinds.ts';
import {
  EDIT_KINDS,
  type BuiltRoster,
  type DiffLine,
  type EditContext,
  type EditDraft,
  type EditKind,
  type EditRequest,
  type EditResult,
  type FieldError,
  type FormValues,
} from './model.ts';
import { entityOf, nameOfRef, parseEntity, townOfRef, type EntityRef } from './targets.ts';
import type { Roster } from '../schema.ts';

/** Labels of the fields every edit asks for, for error summaries. */
export const COMMON_FIELD_LABELS = {
  effective: '生效日期',
  summary: '变更内容（一句话）',
  target: '修改对象',
} as const;

export function isEditKind(kind: string): kind is EditKind {
  return (EDIT_KINDS as readonly string[]).includes(kind);
}

/** The edit's definition and what it points at, or the error to show. */
export function resolveEdit(
  roster: Roster,
  kind: string,
  target: string,
):
  { ok: true; def: EditDef; resolved: NonNullable<ReturnType<EditDef['resolve']>> } | { ok: false; error: FieldError } {
  if (!isEditKind(kind)) return { ok: false, error: { field: 'kind', message: '没有这种修改，请从名册页面选择' } };
  const def = EDITS[kind];
  const resolved = def.resolve(roster, target);
  if (!resolved)
    return {
      ok: false,
      error: { field: 'target', message: '找不到要修改的对象（可能已被改动），请回到名册页面重新选择' },
    };
  return { ok: true, def, resolved };
}

/** Select and check-box fields take only their listed options (a forged post cannot sneak in another id). */
function optionErrors(
  def: EditDef,
  roster: Roster,
  resolved: Parameters<EditDef['fields']>[1],
  values: FormValues,
): FieldError[] {
  const out: FieldError[] = [];
  for (const f of def.fields(roster, resolved)) {
    if (!f.options) continue;
    const allowed = new Set(f.options.map((o) => o.value));
    const raw = values[f.name];
    const given = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
    if (given.length === 0 && f.kind === 'select' && !f.optional)
      out.push({ field: f.name, message: `请选择「${f.label}」` });
    else if (given.some((v) => !allowed.has(v))) out.push({ field: f.name, message: `请从列表中选择「${f.label}」` });
  }
  return out;
}

const findingKey = (f: Finding) => `${f.rule}|${f.file}|${f.field ?? ''}|${f.message}`;

const baseFindings = new WeakMap<BuiltRoster, Map<string, Finding[]>>();

/** The built roster's own findings as of `today` (computed once per roster and day). */
function findingsOf(built: BuiltRoster, today: string): Finding[] {
  let byDay = baseFindings.get(built);
  if (!byDay) baseFindings.set(built, (byDay = new Map()));
  let found = byDay.get(today);
  if (!found) byDay.set(today, (found = checkRosterFiles(built.files, { today }).findings));
  return found;
}

/**
 * Validates the written files with their schemas; returns the parsed values by path, or errors
 * on the form's fields (an issue the form has no field for goes to `_form`, naming file and field).
 */
function validateWrites(
  def: EditDef,
  writes: Write[],
  today: string,
): { values: Map<string, Record<string, unknown>>; errors: FieldError[] } {
  const values = new Map<string, Record<string, unknown>>();
  const errors: FieldError[] = [];
  for (const w of writes) {
    // Only the file's own fields (the roster also carries a town's plan, a department's routing);
    // `updated` is the day of the edit.
    const r = w.schema.safeParse({ ...fileFields(w.value, w.schema), updated: today });
    if (r.success) {
      values.set(w.ref.path, r.data as Record<string, unknown>);
      continue;
    }
    for (const issue of r.error.issues) {
      const path = fieldPath(issue.path);
      errors.push({ field: def.fieldFor(path) ?? '_form', message: issue.message });
    }
  }
  return { values, errors };
}

/** Keeps the first error per field: one message a field is easier to act on. */
function firstPerField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/**
 * The files, change record, diff and findings an edit makes, or the errors to show on its form.
 * Nothing is saved here.
 */
export async function draftEdit(req: EditRequest, ctx: EditContext): Promise<EditResult> {
  const { roster, files } = ctx.built;
  const found = resolveEdit(roster, req.kind, req.target);
  if (!found.ok) return { ok: false, errors: [found.error] };
  const { def, resolved } = found;
  const errors: FieldError[] = optionErrors(def, roster, resolved, req.values);
  const common = changeFields(req);
  errors.push(...common.errors);
  const built = def.build(roster, resolved, req.values);
  if (built.length > 0 && 'field' in built[0]!)
    return { ok: false, errors: firstPerField([...(built as FieldError[]), ...errors]) };
  const writes = built as Write[];
  const validated = validateWrites(def, writes, ctx.today);
  errors.push(...validated.errors);
  if (errors.length > 0) return { ok: false, errors: firstPerField(errors) };

  // Serialize as roster:import does, the file's leading comment kept; `updated` is the day of the edit.
  const next: RosterFiles = { ...files };
  for (const w of writes) {
    const value = validated.values.get(w.ref.path)!;
    const old = files[w.ref.path];
    next[w.ref.path] = toYaml(value, w.schema, old === undefined ? undefined : leadingComment(old) || undefined);
  }
  const written = writes.map((w) => w.ref.path);
  const unchanged = written.every((p) => snapshotEqual(files, next, p));
  if (unchanged) return { ok: false, errors: [{ field: '_form', message: '没有改动任何内容：请修改后再提交' }] };

  // The whole roster:check over the edited roster: references between files and the plan's rules.
  const check = checkRosterFiles(next, { today: ctx.today });
  const crossErrors = check.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({
      field: written.includes(f.file) ? (def.fieldFor(f.field ?? '') ?? '_form') : '_form',
      message: f.message,
    }));
  if (crossErrors.length > 0 || !check.roster) return { ok: false, errors: firstPerField(crossErrors) };

  return completeDraft(ctx, {
    kind: req.kind as EditKind,
    town: townOfRef(check.roster, resolved.ref),
    next,
    written,
    scope: [...new Set(writes.map((w) => `${w.ref.dir}/${w.ref.id}`))],
    effective: common.effective,
    summary: common.summary,
    checked: { findings: check.findings, roster: check.roster },
  });
}

/** The effective date and summary every edit asks for, checked with the change record's schema. */
export function changeFields(req: Pick<EditRequest, 'effective' | 'summary'>): {
  effective: string;
  summary: string;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const effective = changeSchema.shape.effective.safeParse(req.effective.trim());
  if (!effective.success) errors.push({ field: 'effective', message: effective.error.issues[0]!.message });
  const summary = req.summary.trim();
  if (summary) {
    const s = changeSchema.shape.summary.safeParse(summary);
    if (!s.success) errors.push({ field: 'summary', message: s.error.issues[0]!.message });
  }
  return { effective: effective.success ? effective.data : '', summary, errors };
}

/** What a draft is made of once its files pass `roster:check` (an edit form's or an uploaded workbook's). */
export interface DraftParts {
  kind: EditKind | 'workbook';
  town: string | null;
  /** The whole roster with the change applied. */
  next: RosterFiles;
  /** The paths the change writes. */
  written: string[];
  /** The change record's scope (`villages/dongxing`, …). */
  scope: string[];
  effective: string;
  /** Staff's one-line summary, or empty to draft one. */
  summary: string;
  /** checkRosterFiles over `next`, with no error. */
  checked: { findings: Finding[]; roster: Roster };
}

/**
 * The rest of a draft, the same for every way of proposing: the plan's findings it brings in or
 * clears, the diff in words, the drafted change record and each file with the hash of its base.
 */
export async function completeDraft(ctx: EditContext, parts: DraftParts): Promise<EditResult> {
  const { roster, files } = ctx.built;
  const { next, written, scope, effective } = parts;
  const check = parts.checked;
  const summaryText = parts.summary;
  const before = new Set(findingsOf(ctx.built, ctx.today).map(findingKey));
  const after = new Set(check.findings.map(findingKey));
  const findings = check.findings.filter((f) => f.severity === 'finding' && !before.has(findingKey(f)));
  const resolvedFindings = findingsOf(ctx.built, ctx.today).filter(
    (f) => f.severity === 'finding' && !after.has(findingKey(f)),
  );

  const diff = diffOfFiles(
    ctx.built,
    written.map((path) => ({ path, content: next[path]! })),
  );

  const fileChanges = diffSnapshots(snapshotOf(pick(files, written)), snapshotOf(pick(next, written)));
  const taken = [...roster.changes.map((c) => c.id), ...(ctx.takenChangeIds ?? [])];
  const change: Change = {
    id: nextChangeId(
      taken.map((id) => ({ id }) as Change),
      effective.slice(0, 4),
    ),
    effective,
    scope,
    summary: summaryText || draftSummary(check.roster, fileChanges),
  };
  const draftCheck = changeSchema.safeParse(change);
  if (!draftCheck.success)
    return { ok: false, errors: [{ field: 'summary', message: draftCheck.error.issues[0]!.message }] };

  const draft: EditDraft = {
    kind: parts.kind,
    town: parts.town,
    files: await Promise.all(
      written.map(async (path) => ({
        path,
        content: next[path]!,
        base: files[path] === undefined ? null : await sha256Hex(files[path]),
      })),
    ),
    change,
    diff,
    findings,
    resolved: resolvedFindings,
  };
  return { ok: true, draft };
}

/** The keys of `value` that its file's schema declares. */
function fileFields(value: Record<string, unknown>, schema: Write['schema']): Record<string, unknown> {
  const keys = Object.keys(schema.shape);
  return Object.fromEntries(Object.entries(value).filter(([k]) => keys.includes(k)));
}

/** The data as its file holds it (defaults and runtime-only fields left out), for the diff. */
const canonical = (value: Record<string, unknown>, schema: Write['schema']) =>
  canonicalValue(fileFields(value, schema), schema) as Record<string, unknown>;

const WHAT: Record<EntityRef['dir'], string> = {
  towns: '镇（办事处）',
  villages: '村（居）',
  departments: '部门',
  enterprises: '排污企业',
};

/** District-wide files that are not one record, as staff know them (the workbook's sheets). */
const DISTRICT_FILES: Record<string, string> = { 'district.yaml': '区（一级网格）', 'routing.yaml': '责任清单路由' };

/**
 * The diff in words of proposed files against the roster as built: for the confirmation step,
 * a saved proposal's page and an uploaded workbook alike. Files that are not roster entities
 * (or do not parse) are named by path.
 */
export function diffOfFiles(built: BuiltRoster, files: readonly { path: string; content: string }[]): DiffLine[] {
  const { roster } = built;
  const out: DiffLine[] = [];
  for (const f of files) {
    const plan = /^towns\/([a-z][a-z0-9-]*)\.md$/.exec(f.path);
    if (plan) {
      const name = roster.towns.find((t) => t.id === plan[1])?.name ?? plan[1]!;
      out.push({ town: name, place: name, text: '网格划分方案（文字）有改动' });
      continue;
    }
    const ref = parseEntity(f.path.replace(/\.yaml$/, ''));
    let after: unknown;
    try {
      after = parseYaml(f.content);
    } catch {
      after = undefined;
    }
    if (!ref || !after || typeof after !== 'object') {
      out.push({ town: null, place: DISTRICT_FILES[f.path] ?? f.path, text: '文件有改动' });
      continue;
    }
    const schema = SCHEMAS[ref.dir];
    const data = after as Record<string, unknown>;
    const before = entityOf(roster, ref);
    const townId =
      ref.dir === 'villages' && typeof data.town === 'string'
        ? data.town
        : ref.dir === 'enterprises' && typeof data.village === 'string'
          ? (roster.villages.find((v) => v.id === data.village)?.town ?? null)
          : townOfRef(roster, ref);
    const town = townId ? (roster.towns.find((t) => t.id === townId)?.name ?? townId) : null;
    const place = typeof data.name === 'string' ? data.name : nameOfRef(roster, ref);
    out.push(
      ...diffEntity({ town, place, what: WHAT[ref.dir] }, before && canonical(before, schema), canonical(data, schema)),
    );
  }
  return out;
}

function pick(files: RosterFiles, paths: readonly string[]): RosterFiles {
  return Object.fromEntries(paths.filter((p) => files[p] !== undefined).map((p) => [p, files[p]!]));
}

/** True when a file's data (not its `updated` or layout) is the same before and after. */
function snapshotEqual(before: RosterFiles, after: RosterFiles, path: string): boolean {
  if (before[path] === undefined) return false;
  return diffSnapshots(snapshotOf(pick(before, [path])), snapshotOf(pick(after, [path]))).length === 0;
}
