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
import { PUBLISHED_FILE, snapshotOf, type FileChange, type PublishedState } from '../../domain/roster/publication.ts';
import { changesFileSchema, type Change } from '../../domain/roster/records-schema.ts';
import { leadingComment, toYaml } from '../../domain/roster/serialize.ts';
import type { Roster } from '../../domain/roster/schema.ts';

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

/** Chinese names of the fields staff change most, for drafted summaries. */
const FIELD_LABELS: Record<string, string> = {
  leaders: '网格长',
  workers: '网格员',
  supervisors: '网格监督员',
  subLeaders: '二级分网格长',
  officeDirector: '网格办公室主任',
  liaison: '联络人',
  liaisons: '联络人',
  envOffice: '环保所',
  head: '负责人',
  duties: '职责',
  routes: '投诉分派范围',
  covers: '覆盖范围',
  office: '网格办',
  group: '领导小组',
  channels: '投诉渠道',
  dischargePoints: '排放口',
  pollutants: '污染物',
};

function scopeName(roster: Roster, scope: string): string {
  if (scope === 'district') return roster.district.name;
  const [kind, id] = scope.split('/');
  const list: { id: string; name: string }[] =
    kind === 'towns'
      ? roster.towns
      : kind === 'villages'
        ? roster.villages
        : kind === 'departments'
          ? roster.departments
          : roster.enterprises;
  return list.find((x) => x.id === id)?.name ?? scope;
}

/** A drafted summary from what changed: 「北关村网格监督员调整；…」. Staff may reword it. */
export function draftSummary(roster: Roster, changes: readonly FileChange[]): string {
  const parts = changes.map((f) => {
    const name = scopeName(roster, f.scope);
    if (f.kind === 'added') return `新增${name}`;
    if (f.kind === 'removed') return `删除${f.scope}`;
    const top = [...new Set(f.fields.map((c) => c.field.split(/[.[]/)[0]!))];
    const labels = [...new Set(top.map((k) => FIELD_LABELS[k] ?? '信息'))];
    return `${name}${labels.join('、')}调整`;
  });
  return parts.join('；').slice(0, 200);
}

/** Appends `change` to the change log. */
export async function appendChange(dir: string, change: Change): Promise<void> {
  const roster = parseRoster(await readRosterFiles(dir));
  await writeChanges(dir, [...roster.changes, change]);
}
