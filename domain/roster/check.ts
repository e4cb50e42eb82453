/**
 * The whole roster check, from the files' text: schema and reference errors from
 * parseRoster, then, if the roster is valid, the plan's rules. `roster:check`, the build
 * (build/roster-integration.ts) and `roster:import` all call this, so they report the same things.
 */
import { parse as parseYaml } from 'yaml';
import { parseRoster, RosterError, type RosterFiles } from './load.ts';
import type { PublishedState } from './publication.ts';
import { publicationFindings } from './publication-rules.ts';
import { checkRoster, pendingChanges, type Finding, type PendingChange } from './rules.ts';
import type { Roster } from './schema.ts';

export interface CheckResult {
  /** The validated roster; absent when it has errors (the plan's rules then cannot run). */
  roster?: Roster;
  findings: Finding[];
  /** Every unpublished change with its clock (when the roster is valid). */
  pending?: PendingChange[];
}

/** Reads one field of a YAML file without validating it (for grouping errors by town). */
function rawField(text: string | undefined, key: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const data: unknown = parseYaml(text);
    const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The town a content file belongs to, where that can be told from the files. */
export function townOfFile(files: RosterFiles, file: string): string | undefined {
  const m = /^(towns|villages|enterprises)\/([^/]+)\.(ya?ml|md)$/.exec(file);
  if (!m) return undefined;
  if (m[1] === 'towns') return m[2];
  if (m[1] === 'villages') return rawField(files[file], 'town');
  const village = rawField(files[file], 'village');
  return village ? rawField(files[`villages/${village}.yaml`], 'town') : undefined;
}

/** Town id → name, read from the town files even when they do not validate (for report headings). */
export function townNamesOf(files: RosterFiles): Record<string, string> {
  const names: Record<string, string> = {};
  for (const file of Object.keys(files)) {
    const m = /^towns\/([^/]+)\.ya?ml$/.exec(file);
    const name = m ? rawField(files[file], 'name') : undefined;
    if (m && name) names[m[1]!] = name;
  }
  return names;
}

/**
 * Validates the roster files and, when they are valid, checks the plan's rules as of `today`
 * and, given the published state (`content/published.json`), that every change is recorded.
 */
export function checkRosterFiles(
  files: RosterFiles,
  options: { today: string; published?: PublishedState | undefined },
): CheckResult {
  let roster: Roster;
  try {
    roster = parseRoster(files);
  } catch (e) {
    if (!(e instanceof RosterError)) throw e;
    return {
      findings: e.issues.map((i) => {
        const f: Finding = { rule: 'schema', severity: 'error', file: i.file, message: i.message };
        if (i.field) f.field = i.field;
        const town = townOfFile(files, i.file);
        if (town) f.town = town;
        return f;
      }),
    };
  }
  return {
    roster,
    findings: [...checkRoster(roster, options), ...publicationFindings(roster, files, options.published)],
    pending: pendingChanges(roster, options.today),
  };
}
