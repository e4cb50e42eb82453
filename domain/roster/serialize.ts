/**
 * The canonical text of every roster file. `roster:import` writes content through this,
 * `roster:format` rewrites content into it, and a test keeps `content/` in it, so that
 * exporting to a workbook and importing it again gives the same bytes.
 *
 * The canonical form:
 * - the file's leading comment block (lines starting with `#`), each line `# text` or `#`;
 * - keys in the order the zod schema declares them, but `id` first and `sample`, `updated`
 *   last; fields that are absent, or equal to the
 *   schema's default (e.g. `workers: []`, `priority: 50`), are left out;
 * - lists of plain values on one line (`[ a, b ]`), except long texts (`duties`);
 *   list items whose fields are all plain values on one line (`- { name: 张三, … }`);
 *   everything else in block style, indented by two spaces;
 * - strings unquoted where YAML allows, else in single quotes; dates always single-quoted so
 *   no YAML reader takes them for timestamps; no line folding; a final newline.
 */
import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit } from 'yaml';
import type { z } from 'zod';
import type { RosterFiles } from './load.ts';
import { changesFileSchema, enterpriseSchema } from './records-schema.ts';
import {
  departmentFileSchema,
  districtSchema,
  routingFileSchema,
  townSchema,
  villageSchema,
  type Roster,
} from './schema.ts';

/** Lists written one item per line because their items are sentences. */
const BLOCK_LISTS = new Set(['duties']);

type Schema = z.core.$ZodType;

/** Removes optional/default wrappers; returns the inner schema and the default, if any. */
function unwrap(schema: Schema): { inner: Schema; hasDefault: boolean; defaultValue?: unknown } {
  let inner = schema;
  let hasDefault = false;
  let defaultValue: unknown;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: Schema; defaultValue?: unknown };
    if (def.type === 'default') {
      hasDefault = true;
      defaultValue = def.defaultValue;
      inner = def.innerType!;
    } else if (def.type === 'optional' || def.type === 'nullable') inner = def.innerType!;
    else return { inner, hasDefault, defaultValue };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const FIRST = ['id'];
const LAST = ['sample', 'updated'];

/** Schema fields in declaration order, except `id` first and `sample`, `updated` last. */
function orderedFields(shape: Record<string, Schema>): [string, Schema][] {
  const rank = (k: string) => (FIRST.includes(k) ? -1 : LAST.includes(k) ? 1 + LAST.indexOf(k) : 0);
  return Object.entries(shape).sort(([a], [b]) => rank(a) - rank(b));
}

/** The value with keys in schema order and absent/default fields dropped. */
export function canonicalValue(value: unknown, schema: Schema): unknown {
  const { inner } = unwrap(schema);
  const def = inner._zod.def as { type: string; shape?: Record<string, Schema>; element?: Schema };
  if (def.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const [key, fieldSchema] of orderedFields(def.shape!)) {
      const v = record[key];
      if (v === undefined) continue;
      const field = unwrap(fieldSchema);
      if (field.hasDefault && sameValue(v, field.defaultValue)) continue;
      out[key] = canonicalValue(v, fieldSchema);
    }
    return out;
  }
  if (def.type === 'array' && Array.isArray(value)) return value.map((v) => canonicalValue(v, def.element!));
  return value;
}

/** The leading comment block of a YAML file, without the `#` markers (empty if none). */
export function leadingComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, '').trimEnd());
  }
  return lines.join('\n');
}

function commentLines(comment: string | undefined): string {
  if (!comment) return '';
  return comment
    .split('\n')
    .map((l) => (l.trim() ? `# ${l.trimEnd()}` : '#'))
    .join('\n')
    .concat('\n');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Canonical YAML text of `value` as described by `schema`, with an optional leading comment. */
export function toYaml(value: unknown, schema: Schema, comment?: string): string {
  const doc = new Document(canonicalValue(value, schema));
  visit(doc, {
    Seq(_, node, path) {
      const parent = path.at(-1);
      const key = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : '';
      if (node.items.length > 0 && node.items.every(isScalar) && !BLOCK_LISTS.has(key)) node.flow = true;
    },
    Map(_, node, path) {
      const parent = path.at(-1);
      if (isSeq(parent) && node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && ISO_DATE.test(node.value)) node.type = Scalar.QUOTE_SINGLE;
    },
  });
  // An empty top-level list (a change log with no entries yet) still reads as a list.
  if (isSeq(doc.contents) && doc.contents.items.length === 0) doc.contents.flow = true;
  if (isMap(doc.contents) && doc.contents.items.length === 0) doc.contents.flow = true;
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, singleQuote: true, flowCollectionPadding: true });
  return commentLines(comment) + body;
}

/** A town's Markdown plan, ending with exactly one newline. */
export function canonicalMarkdown(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/, '') + '\n';
}

/** File path → leading comment, taken from existing files (to carry comments through). */
export function commentsOf(files: RosterFiles): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(files)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const c = leadingComment(text);
    if (c) out[file] = c;
  }
  return out;
}

/** The routing table as `routing.yaml` lists it: by priority, then id; departments that route nothing and keep the default priority are left out. */
export function routingTable(
  roster: Roster,
): { department: string; priority: number; routes: Roster['departments'][number]['routes'] }[] {
  return [...roster.departments]
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
    .filter((d) => d.routes.length > 0 || d.priority !== 50)
    .map((d) => ({ department: d.id, priority: d.priority, routes: d.routes }));
}

/**
 * Every roster file of `roster` in canonical form, keyed by path relative to the content
 * folder. `comments` gives each file's leading comment (see commentsOf).
 */
export function serializeRoster(roster: Roster, comments: Record<string, string> = {}): RosterFiles {
  const files: RosterFiles = {};
  const put = (file: string, value: unknown, schema: Schema) => {
    files[file] = toYaml(value, schema, comments[file]);
  };
  put('district.yaml', roster.district, districtSchema);
  for (const t of roster.towns) {
    put(`towns/${t.id}.yaml`, t, townSchema);
    if (t.plan !== undefined) files[`towns/${t.id}.md`] = canonicalMarkdown(t.plan);
  }
  for (const v of roster.villages) put(`villages/${v.id}.yaml`, v, villageSchema);
  for (const d of roster.departments) put(`departments/${d.id}.yaml`, d, departmentFileSchema);
  put('routing.yaml', routingTable(roster), routingFileSchema);
  for (const e of roster.enterprises) put(`enterprises/${e.id}.yaml`, e, enterpriseSchema);
  if (roster.changes.length > 0 || comments['changes.yaml'] !== undefined) {
    put('changes.yaml', roster.changes, changesFileSchema);
  }
  return files;
}
