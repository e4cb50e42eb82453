/**
 * Writes a complete set of roster files into a content folder: creates or replaces the files
 * whose text differs and removes roster files the new set no longer has (a village deleted in
 * the workbook, say). Only the folders the roster owns are touched.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RosterFiles } from '../../domain/roster/load.ts';
import { readRosterFiles } from '../../domain/roster/fs.ts';

/** Files the roster tools manage: anything else in the folder is left alone. */
export function isManaged(file: string): boolean {
  return (
    file === 'district.yaml' ||
    file === 'changes.yaml' ||
    file === 'routing.yaml' ||
    /^towns\/[^/]+\.(yaml|md)$/.test(file) ||
    /^(villages|departments|enterprises)\/[^/]+\.yaml$/.test(file)
  );
}

export interface WriteSummary {
  written: string[];
  removed: string[];
  unchanged: number;
}

/** Makes the managed files in `dir` exactly `files`. */
export async function writeContent(dir: string, files: RosterFiles): Promise<WriteSummary> {
  const existing = await readRosterFiles(dir).catch(() => ({}) as RosterFiles);
  const summary: WriteSummary = { written: [], removed: [], unchanged: 0 };
  for (const [file, text] of Object.entries(files).sort()) {
    if (existing[file] === text) {
      summary.unchanged++;
      continue;
    }
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text, 'utf8');
    summary.written.push(file);
  }
  for (const file of Object.keys(existing).sort()) {
    if (isManaged(file) && files[file] === undefined) {
      await rm(join(dir, file));
      summary.removed.push(file);
    }
  }
  return summary;
}
