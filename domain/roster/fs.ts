/** Node-side access to the roster: reads `content/` from disk. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseRoster, type RosterFiles } from './load.ts';
import { PUBLISHED_FILE, type PublishedState } from './publication.ts';
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

/** The published state beside the content (`published.json`), or undefined before the first deploy. */
export async function readPublishedState(dir: string): Promise<PublishedState | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, PUBLISHED_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const state = JSON.parse(text) as PublishedState;
  if (typeof state.date !== 'string' || !state.files || typeof state.files !== 'object') {
    throw new Error(`${join(dir, PUBLISHED_FILE)} 不是发布记录（应由 npm run deploy 生成），请从版本库恢复`);
  }
  return state;
}
