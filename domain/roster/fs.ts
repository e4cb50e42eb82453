/** Node-side access to the roster: reads `content/` from disk. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseRoster, type RosterFiles } from './load.ts';
import type { Roster } from './schema.ts';

/** Reads every .yaml/.yml/.md file under `dir`, keyed by its path relative to `dir` with `/` separators. */
export async function readRosterFiles(dir: string): Promise<RosterFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: RosterFiles = {};
  await Promise.all(
    entries
      .filter((e) => e.isFile() && /\.(ya?ml|md)$/.test(e.name))
      .map(async (e) => {
        const full = join(e.parentPath, e.name);
        files[relative(dir, full).split(sep).join('/')] = await readFile(full, 'utf8');
      }),
  );
  return files;
}

/** Reads and validates the roster in `dir`; throws RosterError on any problem. */
export async function loadRoster(dir: string): Promise<Roster> {
  return parseRoster(await readRosterFiles(dir));
}
