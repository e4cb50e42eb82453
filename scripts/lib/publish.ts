/**
 * The two writes around publication, shared by `npm run deploy` and `npm run roster:changes`:
 * stamping the unpublished change records with the deploy day (and keeping the snapshot of what
 * went live), and appending a drafted change record. Both rewrite `changes.yaml` in canonical
 * form with its leading comment (domain/roster/serialize.ts).
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

/**
 * Marks every unpublished change record as published on `date` and records what the site now
 * shows (`published.json`). Returns the ids stamped. The roster must be valid.
 */
export async function stampPublished(dir: string, date: string): Promise<string[]> {
  const roster = parseRoster(await readRosterFiles(dir));
  const stamped = roster.changes.filter((c) => !c.published).map((c) => c.id);
  if (stamped.length > 0) {
    await writeChanges(
      dir,
      roster.changes.map((c) => (c.published ? c : { ...c, published: date })),
    );
  }
  const state: PublishedState = { date, files: snapshotOf(await readRosterFiles(dir)) };
  await writeFile(join(dir, PUBLISHED_FILE), `${JSON.stringify(state, null, 1)}\n`, 'utf8');
  return stamped;
}

/** Appends `change` to the change log. */
export async function appendChange(dir: string, change: Change): Promise<void> {
  const roster = parseRoster(await readRosterFiles(dir));
  await writeChanges(dir, [...roster.changes, change]);
}
