/**
 * What the public site last showed, so a change of the roster cannot go unrecorded.
 *
 * `npm run deploy` stamps the unpublished change records with the day and keeps, beside the
 * content, a snapshot of every roster file as it went live (`content/published.json`). At check
 * time each file is compared with its snapshot: a file that changed since, with no unpublished
 * change record naming it in its scope, is a finding that names the file and the fields, and
 * `npm run roster:changes` drafts the missing record. A local build never stamps anything.
 *
 * The snapshot keeps the parsed data, not the text: reformatting a file, editing its comments
 * or only bumping `updated` is not a change of the grid. Pure: takes and returns plain data.
 */
import { parse as parseYaml } from 'yaml';
import type { RosterFiles } from './load.ts';
import type { Change } from './records-schema.ts';

/** The file, beside the content files, that holds the published state. */
export const PUBLISHED_FILE = 'published.json';

/** What the site showed after the last deploy. */
export interface PublishedState {
  /** Day of the last deploy (China time), YYYY-MM-DD. */
  date: string;
  /** Each tracked file's data as published (without `updated`), by path. */
  files: Record<string, unknown>;
}

/** One field that differs from the published state. */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** A tracked file that differs from the published state. */
export interface FileChange {
  file: string;
  /** The change-record scope naming this file, e.g. `villages/beiguan`. */
  scope: string;
  kind: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

/** Files whose changes must be published within the limit: the grid, its people, the placards. */
function scopeOf(file: string): string | undefined {
  if (file === 'district.yaml') return 'district';
  const m = /^(towns|villages|departments|enterprises)\/([a-z][a-z0-9-]*)\.(ya?ml|md)$/.exec(file);
  if (!m || (m[3] === 'md' && m[1] !== 'towns')) return undefined;
  return `${m[1]}/${m[2]}`;
}

/** The tracked files' data, as the snapshot keeps it. Files that do not parse are left out. */
export function snapshotOf(files: RosterFiles): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of Object.keys(files).sort()) {
    if (!scopeOf(file)) continue;
    const text = files[file]!;
    if (file.endsWith('.md')) {
      out[file] = text.trim();
      continue;
    }
    try {
      const data: unknown = parseYaml(text);
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        const { updated: _updated, ...rest } = data as Record<string, unknown>;
        out[file] = rest;
      } else out[file] = data;
    } catch {
      // A file that does not parse is reported by the schema check.
    }
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

function diffValue(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    // Object.keys of an array gives its indexes, so one union serves lists and maps.
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      const sub = Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      diffValue(sub, (before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], out);
    }
    return;
  }
  const change: FieldChange = { field: path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/** The tracked files that differ between the published snapshot and now. */
export function diffSnapshots(published: Record<string, unknown>, now: Record<string, unknown>): FileChange[] {
  const out: FileChange[] = [];
  for (const file of [...new Set([...Object.keys(published), ...Object.keys(now)])].sort()) {
    const scope = scopeOf(file)!;
    if (!(file in now)) out.push({ file, scope, kind: 'removed', fields: [] });
    else if (!(file in published)) out.push({ file, scope, kind: 'added', fields: [] });
    else {
      const fields: FieldChange[] = [];
      diffValue('', published[file], now[file], fields);
      if (fields.length > 0) out.push({ file, scope, kind: 'changed', fields });
    }
  }
  return out;
}

/**
 * The changes since the last deploy that no change record covers: a record covers a file when
 * it is not yet published and names the file's scope. `now` is snapshotOf(the roster files).
 */
export function unrecordedChanges(
  state: PublishedState,
  now: Record<string, unknown>,
  changes: readonly Change[],
): FileChange[] {
  const covered = new Set(changes.filter((c) => !c.published).flatMap((c) => c.scope));
  return diffSnapshots(state.files, now).filter((f) => !covered.has(f.scope));
}

/** A value for a one-line report: lists and objects cut short, so a report line stays readable. */
function show(v: unknown): string {
  if (v === undefined) return '（无）';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** What changed in a file, in Chinese, short enough for one line of a report. */
export function describeChange(f: FileChange, max = 4): string {
  if (f.kind === 'added') return '新增了这个文件';
  if (f.kind === 'removed') return '删除了这个文件';
  const parts = f.fields.slice(0, max).map((c) => `${c.field || '全文'}：${show(c.before)} → ${show(c.after)}`);
  if (f.fields.length > max) parts.push(`等共 ${f.fields.length} 处`);
  return parts.join('；');
}

/** The next free change id of the year, `c-2026-006` style. */
export function nextChangeId(changes: readonly Change[], year: string): string {
  const used = changes
    .map((c) => new RegExp(`^c-${year}-(\\d+)$`).exec(c.id)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return `c-${year}-${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
}

/** The value at a dotted field path (`supervisors[0]`) inside parsed data. */
function at(data: unknown, field: string): unknown {
  let v = data;
  for (const key of field.split(/[.[\]]+/).filter(Boolean))
    v = isObject(v) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** A person replaced (a new name) who is still marked `sample: true`. */
export interface SampleKept {
  file: string;
  /** The person's field path, e.g. `supervisors[0]`. */
  field: string;
  before: string;
  after: string;
}

/**
 * Persons whose name changed since the last deploy but who still carry `sample: true`: a real
 * person replacing a made-up one would be shown as 示例. `now` is snapshotOf(the roster files).
 */
export function samplesKept(state: PublishedState, now: Record<string, unknown>): SampleKept[] {
  const out: SampleKept[] = [];
  for (const f of diffSnapshots(state.files, now)) {
    for (const c of f.fields) {
      const m = /^(.*)\.name$/.exec(c.field);
      if (!m || typeof c.before !== 'string' || typeof c.after !== 'string') continue;
      const person = at(now[f.file], m[1]!);
      if (isObject(person) && person.sample === true) {
        out.push({ file: f.file, field: m[1]!, before: c.before, after: c.after });
      }
    }
  }
  return out;
}
