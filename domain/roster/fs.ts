/** Node-side access to the roster: reads `content/` from disk. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseRoster, type RosterFiles } from './load.ts';
import type { Roster } from './schema.ts';
import { runPool } from '../pool.ts';

const READ_CONCURRENCY = 64;

/** Reads every .yaml/.yml/.md file under `dir`, keyed by its path relative to `dir` with `/` separators. */
export async function readRosterFiles(dir: string): Promise<RosterFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && /\.(ya?ml|md)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  const files: RosterFiles = {};
  // A bounded number of reads at a time: a city-sized roster has tens of
  // thousands of files, more than the open-file limit (EMFILE) if read at once.
  await runPool(paths, READ_CONCURRENCY, async (full) => {
    files[relative(dir, full).split(sep).join('/')] = await readFile(full, 'utf8');
  });
  return files;
}

/** Reads and validates the roster in `dir`; throws RosterError on any problem. */
export async function loadRoster(dir: string): Promise<Roster> {
  return parseRoster(await readRosterFiles(dir));
}
