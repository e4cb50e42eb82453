/**
 * Change records that cannot be forgotten: a roster file changed since the last deploy needs
 * a change record (roster:check says which file and fields), `roster:changes` drafts it, and
 * `npm run deploy` never writes `published` (the runtime records it): after a successful deploy
 * only the snapshot of what went live changes.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRosterFiles } from '../../domain/roster/check.ts';
import { readPublishedState, readRosterFiles } from '../../domain/roster/fs.ts';
import type { RosterFiles } from '../../domain/roster/load.ts';
import { snapshotOf, type PublishedState } from '../../domain/roster/publication.ts';
import { deploy } from '../../scripts/lib/deploy.ts';
import { editYaml, ROOT, sampleFiles, writeFixture } from './helpers/roster-fixture.ts';

/** Per-test budget: each test writes a content folder and may start Node on a CLI (slow on a busy box). */
const BUDGET_MS = 60_000;

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

let sample: RosterFiles;
let state: PublishedState;
beforeAll(async () => {
  sample = await sampleFiles();
  state = { date: '2026-11-20', files: snapshotOf(sample) };
});

/** Sample content with 北关村's first supervisor replaced: new name and phone, no longer a sample. */
const renamed = (keepSample = false) =>
  editYaml(sample, 'villages/beiguan.yaml', (v) => {
    v.supervisors[0].name = '测试替换';
    v.supervisors[0].phone = '13800000999';
    if (!keepSample) delete v.supervisors[0].sample;
  });

async function folder(files: RosterFiles, published?: PublishedState): Promise<string> {
  const dir = await writeFixture(files);
  dirs.push(dir);
  if (published) await writeFile(join(dir, 'published.json'), JSON.stringify(published));
  return dir;
}

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT }, (err, stdout, stderr) =>
      ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('a change without a change record', { timeout: BUDGET_MS }, () => {
  it('is a finding naming the file and the fields, before and after', () => {
    const r = checkRosterFiles(renamed(), { today: '2026-12-02', published: state });
    expect(r.findings[0]).toEqual(
      expect.objectContaining({ rule: 'change-unrecorded', severity: 'finding', file: 'villages/beiguan.yaml' }),
    );
    const message = r.findings[0]!.message;
    expect(message).toContain('supervisors[0].name：石秀英 → 测试替换');
    expect(message).toContain('supervisors[0].phone：13800000102 → 13800000999');
    expect(message).toContain('npm run roster:changes');
  });

  it('a person replaced by a new name who keeps `sample: true` is a finding', () => {
    const r = checkRosterFiles(renamed(true), { today: '2026-12-02', published: state });
    // (besides change-unrecorded, covered above)
    expect(r.findings.map((f) => f.rule)).toEqual(['change-unrecorded', 'sample-kept']);
    expect(r.findings[1]).toMatchObject({ file: 'villages/beiguan.yaml', field: 'supervisors[0].sample' });
    expect(r.findings[1]!.message).toContain('石秀英 换成了 测试替换，但仍标着 sample: true');
    expect(checkRosterFiles(renamed(), { today: '2026-12-02', published: state }).findings.map((f) => f.rule)).toEqual([
      'change-unrecorded',
    ]);
  });

  it('is not a finding when only the layout, comments or `updated` changed', () => {
    const files = editYaml(sample, 'villages/beiguan.yaml', (v) => void (v.updated = '2026-12-01'));
    files['villages/beiguan.yaml'] = `# 注释\n${files['villages/beiguan.yaml']}`;
    expect(checkRosterFiles(files, { today: '2026-12-02', published: state }).findings).toEqual([]);
  });

  it('is covered by an unpublished record naming its scope, not by a published one', () => {
    const withRecord = (published?: string) =>
      editYaml(renamed(), 'changes.yaml', (c) => [
        ...c,
        {
          id: 'c-x',
          effective: '2026-11-02',
          scope: ['villages/beiguan'],
          summary: '北关村网格监督员调整',
          ...(published ? { published } : {}),
        },
      ]);
    expect(checkRosterFiles(withRecord(), { today: '2026-12-02', published: state }).findings).toEqual([]);
    const old = checkRosterFiles(withRecord('2026-11-10'), { today: '2026-12-02', published: state }).findings;
    expect(old.map((f) => f.rule)).toEqual(['change-unrecorded']);
  });

  it('a `published` date typed by hand after the last deploy is a finding', () => {
    const files = editYaml(sample, 'changes.yaml', (c) => [
      ...c,
      {
        id: 'c-x',
        effective: '2026-11-02',
        published: '2026-12-01',
        scope: ['villages/beiguan'],
        summary: '北关村调整',
      },
    ]);
    const f = checkRosterFiles(files, { today: '2026-12-02', published: state }).findings;
    expect(f).toEqual([expect.objectContaining({ rule: 'change-published-by-hand', field: '[5].published' })]);
    expect(f[0]!.message).toContain('请删除 published');
  });

  it('fails roster:check --strict, and roster:changes drafts the record that makes it pass', async () => {
    const dir = await folder(renamed(), state);
    const before = await run('roster-check.ts', ['--content', dir, '--today', '2026-12-02', '--strict']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('villages/beiguan.yaml：自 2026-11-20 发布以来有改动');
    const drafted = await run('roster-changes.ts', ['--content', dir, '--effective', '2026-11-02']);
    expect(drafted.stderr).toBe('');
    expect(drafted.code).toBe(0);
    expect(drafted.stdout).toContain('已在 changes.yaml 末尾写入变更记录 c-2026-006');
    const log = parse(await readFile(join(dir, 'changes.yaml'), 'utf8'));
    expect(log.at(-1)).toEqual({
      id: 'c-2026-006',
      effective: '2026-11-02',
      scope: ['villages/beiguan'],
      summary: '北关村网格监督员调整',
    });
    expect(await readFile(join(dir, 'changes.yaml'), 'utf8')).toMatch(/^# /); // the leading comment stays
    const after = await run('roster-check.ts', ['--content', dir, '--today', '2026-12-02', '--strict']);
    expect(after.stdout).toContain('结论：全部通过');
    expect(after.code).toBe(0);
  });

  it('roster:changes without --effective and no terminal says how to give the date', async () => {
    const dir = await folder(renamed(), state);
    const r = await run('roster-changes.ts', ['--content', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('请用 --effective 给出这些改动的生效日期');
  });
});

describe('npm run deploy writes no publication date', { timeout: BUDGET_MS }, () => {
  const pending = () =>
    editYaml(renamed(), 'changes.yaml', (c) => [
      ...c,
      { id: 'c-2026-006', effective: '2026-11-02', scope: ['villages/beiguan'], summary: '北关村网格监督员调整' },
    ]);
  const ok = [process.execPath, '-e', 'process.exit(0)'];
  const fail = [process.execPath, '-e', 'process.exit(3)'];

  it('on success: changes.yaml is untouched (the record stays unpublished), the snapshot is what went live', async () => {
    const dir = await folder(pending(), state);
    const before = await readFile(join(dir, 'changes.yaml'), 'utf8');
    const r = await deploy({ contentDir: dir, today: '2026-12-02', steps: [ok, ok], cwd: ROOT });
    expect(r).toEqual({ ok: true });
    expect(await readFile(join(dir, 'changes.yaml'), 'utf8')).toBe(before);
    expect(parse(before).at(-1).published).toBeUndefined();
    const published = await readPublishedState(dir);
    expect(published!.date).toBe('2026-12-02');
    expect(published!.files).toEqual(snapshotOf(await readRosterFiles(dir)));
    // The next check compares against the new state: nothing unrecorded, nothing typed by hand.
    const files = await readRosterFiles(dir);
    expect(checkRosterFiles(files, { today: '2026-12-03', published }).findings).toEqual([]);
  });

  it('on a failed step: content/ is unchanged', async () => {
    const dir = await folder(pending(), state);
    const before = await readFile(join(dir, 'changes.yaml'), 'utf8');
    const r = await deploy({ contentDir: dir, today: '2026-12-02', steps: [ok, fail], cwd: ROOT });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('失败（退出码 3），未发布') });
    expect(await readFile(join(dir, 'changes.yaml'), 'utf8')).toBe(before);
    expect((await readPublishedState(dir))!.date).toBe('2026-11-20');
  });

  it('refuses to publish a change without a record', async () => {
    const dir = await folder(renamed(), state);
    const r = await deploy({ contentDir: dir, today: '2026-12-02', steps: [ok], cwd: ROOT });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('villages/beiguan.yaml') });
  });
});
