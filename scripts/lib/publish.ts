/**
 * The two writes around publication, shared by `npm run deploy` and `npm run roster:changes`:
 * keeping the snapshot of what went live, and appending a drafted change record (which rewrites
 * `changes.yaml` in canonical form with its leading comment, domain/roster/serialize.ts). No
 * publication date is ever written here: the runtime records it (docs/roster-publishing.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { parseRoster } from '../../domain/roster/load.ts';
import { PUBLISHED_FILE, snapshotOf, type PublishedState } from '../../domain/roster/publication.ts';
import { changesFileSchema, type Change } from '../../domain/roster/records-schema.ts';
import { leadingComment, toYaml } from '../../domain/roster/serialize.ts';

const CHANGES = 'changes.yaml';

async function writeChanges(dir: string, changes: Change[]): Promise<void> {
  const old = await readFile(join(dir, CHANGES), 'utf8').catch(() => '');
  await writeFile(join(dir, CHANGES), toYaml(changes, changesFileSchema, leadingComment(old) || undefined), 'utf8');
}

/** Records what the site now shows (`published.json`, dated `date`): the baseline roster:check compares with. */
export async function writeLiveSnapshot(dir: string, date: string): Promise<void> {
  const state: PublishedState = { date, files: snapshotOf(await readRosterFiles(dir)) };
  await writeFile(join(dir, PUBLISHED_FILE), `${JSON.stringify(state, null, 1)}\n`, 'utf8');
}

/** Appends `change` to the change log. */
export async function appendChange(dir: string, change: Change): Promise<void> {
  const roster = parseRoster(await readRosterFiles(dir));
  await writeChanges(dir, [...roster.changes, change]);
}
