/**
 * The shapes of a roster edit made in the staff console: what a form posts, what the edit
 * produces (the canonical files, the drafted change record, the diff, the plan's findings)
 * and how a form field is described, so one generic page renders every edit's form.
 */
import type { FieldError } from '../../complaint-rules.ts';
import type { RosterFiles } from '../load.ts';
import type { Change } from '../records-schema.ts';
import type { Finding } from '../rules.ts';
import type { Roster } from '../schema.ts';

export type { FieldError };

/** The edits the console offers; a proposal's `kind` column holds one of these (or `workbook`). */
export const EDIT_KINDS = [
  'replace-person',
  'add-supervisor',
  'remove-supervisor',
  'subleader-villages',
  'add-village',
  'department',
  'enterprise',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** The roster as this Worker version was built from: each file's text and the validated roster. */
export interface BuiltRoster {
  files: RosterFiles;
  roster: Roster;
}

/** A posted form's values: one string per field, lists for repeated fields (check boxes). */
export type FormValues = Record<string, string | string[] | undefined>;

/** One input of an edit form, described for the generic form page. */
export interface EditField {
  name: string;
  label: string;
  kind: 'text' | 'tel' | 'email' | 'textarea' | 'select' | 'checks';
  options?: { value: string; label: string }[];
  hint?: string;
  /** Leave empty to keep out of the file (optional in the schema). */
  optional?: boolean;
}

/** A file the edit writes: path relative to content/, canonical text, sha256 of the built text (null = new). */
export interface ProposedFile {
  path: string;
  content: string;
  base: string | null;
}

/** One line of the diff staff confirm: 「东兴社区 网格监督员：冯秀兰 → 马丽娜，电话 …」. */
export interface DiffLine {
  /** The town's name (for grouping by town), or null for district-wide files. */
  town: string | null;
  /** Where: the village, town, department or enterprise name. */
  place: string;
  text: string;
}

/** The drafted change record (no `published`: the runtime records that). */
export type ChangeDraft = Omit<Change, 'published' | 'sample'>;

/** What an edit produces before it is saved as a proposal. */
export interface EditDraft {
  kind: EditKind | 'workbook';
  /** The town it concerns (scope for a town member), or null for district-wide files. */
  town: string | null;
  files: ProposedFile[];
  change: ChangeDraft;
  diff: DiffLine[];
  /** Plan findings the edit brings in (e.g. a village left without a full-time supervisor). */
  findings: Finding[];
  /** Plan findings the edit clears. */
  resolved: Finding[];
}

export type EditResult = { ok: true; draft: EditDraft } | { ok: false; errors: FieldError[] };

/** What every edit asks besides its own fields. */
export interface EditRequest {
  kind: string;
  /** What is edited: `villages/dongxing`, a person `villages/dongxing/supervisors/0`, … */
  target: string;
  values: FormValues;
  effective: string;
  summary: string;
}

export interface EditContext {
  built: BuiltRoster;
  /** Today in China, YYYY-MM-DD (the plan's clock and findings run as of this day). */
  today: string;
  /** Change ids already drafted by open proposals, so two drafts never take the same id. */
  takenChangeIds?: readonly string[];
}
