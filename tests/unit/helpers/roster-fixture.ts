/**
 * Test fixtures built from the real sample content: read `content/`, change a field or two,
 * and either parse in memory or write the result to a temporary content folder for the CLIs.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { readRosterFiles } from '../../../domain/roster/fs.ts';
import type { RosterFiles } from '../../../domain/roster/load.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CONTENT = join(ROOT, 'content');

/** A copy of the sample content's files. */
export async function sampleFiles(): Promise<RosterFiles> {
  return { ...(await readRosterFiles(CONTENT)) };
}

/** Returns `files` with one YAML file changed by `edit` (which mutates the parsed data). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into arbitrary YAML
export function editYaml(files: RosterFiles, file: string, edit: (data: any) => unknown): RosterFiles {
  const data = parse(files[file]!);
  const replaced = edit(data);
  return { ...files, [file]: stringify(replaced === undefined ? data : replaced) };
}

/** Writes `files` into a new temporary folder and returns its path. */
export async function writeFixture(files: RosterFiles): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'envgrid-roster-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}
