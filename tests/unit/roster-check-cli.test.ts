import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterFiles } from '../../domain/roster/load.ts';
import { editYaml, ROOT, sampleFiles, writeFixture } from './helpers/roster-fixture.ts';

/** Per-test budget: each test starts Node on the CLI (a few hundred ms idle, several seconds on a busy 2-core box). */
const BUDGET_MS = 60_000;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [join(ROOT, 'scripts/roster-check.ts'), ...args], { cwd: ROOT }, (err, stdout, stderr) =>
      ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const dirs: string[] = [];
async function fixture(files: RosterFiles): Promise<string> {
  const dir = await writeFixture(files);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

let sample: RosterFiles;
beforeAll(async () => {
  sample = await sampleFiles();
});

describe('npm run roster:check', { timeout: BUDGET_MS }, () => {
  it('passes the sample content, also with --strict', async () => {
    const r = await run(['--today', '2026-11-27', '--strict']);
    expect(r.stdout).toContain('结论：全部通过');
    expect(r.code).toBe(0);
  });

  it('reports findings grouped by town and exits 0, or 1 with --strict', async () => {
    const dir = await fixture(
      editYaml(
        editYaml(sample, 'villages/beiguan.yaml', (v) => void v.supervisors.pop()),
        'towns/jiedao.yaml',
        (t) => void t.leaders.pop(),
      ),
    );
    const r = await run(['--content', dir, '--today', '2026-11-27']);
    expect(r.code).toBe(0);
    // 街道办事处 (jiedao) sorts before 庆北办事处 (qingbei): groups in town-id order.
    expect(r.stdout).toMatch(/【街道办事处】\n {2}\[不符合方案\] .*towns\/jiedao\.yaml › leaders：双网格长只填了 1 名/);
    expect(r.stdout).toMatch(
      /【庆北办事处】\n {2}\[不符合方案\] .*villages\/beiguan\.yaml › supervisors：北关村只有 2 名网格监督员/,
    );
    expect(r.stdout).toContain('有 2 项不符合方案要求');
    const strict = await run(['--content', dir, '--today', '2026-11-27', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('严格模式下不通过');
  });

  it('prints the same findings as JSON', async () => {
    const dir = await fixture(editYaml(sample, 'towns/sannvhe.yaml', (t) => void delete t.liaison));
    const r = await run(['--content', dir, '--today', '2026-11-27', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        rule: 'town-liaison',
        severity: 'finding',
        file: 'towns/sannvhe.yaml',
        field: 'liaison',
        town: 'sannvhe',
        message: '没有指定固定联络人；请在 liaison 中填写联络人的姓名、电话和电子邮箱',
      },
    ]);
    const strict = await run(['--content', dir, '--today', '2026-11-27', '--json', '--strict']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)[0].severity).toBe('error');
  });

  it('exits 1 on schema and reference errors, naming file, field and fix', async () => {
    const phone = await fixture(
      editYaml(sample, 'villages/beiguan.yaml', (v) => void (v.supervisors[0].phone = '电话待定')),
    );
    const r = await run(['--content', phone, '--today', '2026-11-27']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /【庆北办事处】\n.*\[错误\] .*villages\/beiguan\.yaml › supervisors\[0\]\.phone：电话号码格式不对/,
    );
    expect(r.stdout).toContain('无法核对方案要求');
    const ref = await fixture(editYaml(sample, 'enterprises/sample-jixie.yaml', (e) => void (e.village = 'nosuch')));
    const r2 = await run(['--content', ref, '--today', '2026-11-27', '--json']);
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout)).toEqual([
      expect.objectContaining({
        rule: 'schema',
        severity: 'error',
        file: 'enterprises/sample-jixie.yaml',
        field: 'village',
      }),
    ]);
  });

  it('reports unpublished changes near their due date as of --today', async () => {
    const dir = await fixture(
      editYaml(sample, 'changes.yaml', (c) => [
        ...c,
        { id: 'c-test', effective: '2026-09-18', scope: ['villages/hexi'], summary: '河西村网格员调整' },
      ]),
    );
    const r = await run(['--content', dir, '--today', '2026-10-29', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ rule: 'change-due-soon', town: 'sannvhe', file: 'changes.yaml' }),
    ]);
    const human = await run(['--content', dir, '--today', '2026-11-06']);
    expect(human.stdout).toMatch(/【三女河办事处】\n.*已超期未公布：应在 2026-11-05 前公布，已超过 1 个工作日/);
  });

  it('on 2027-01-05 lists a pending change with a provisional (暂定) due date and exits 0', async () => {
    const pending = editYaml(sample, 'changes.yaml', (c) => [
      ...c,
      { id: 'c-2027', effective: '2026-12-20', scope: ['villages/beiguan'], summary: '北关村网格员调整' },
    ]);
    const r = await run(['--content', await fixture(pending), '--today', '2027-01-05']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '【未公布的变更】共 1 条\n  c-2027：北关村网格员调整；2026-12-20 生效，公布期限 2027-01-29（暂定），还剩 18 个工作日（2027 年按周末暂算）',
    );
    expect(r.stdout).toContain('2027 年的放假和调休安排尚未录入');
    // The same with a (hypothetical) 2027 arrangement entered: the official due date, no finding.
    const entered = {
      ...pending,
      'calendar/2027.yaml': await readFile(join(ROOT, 'tests/fixtures/calendar/2027.yaml'), 'utf8'),
    };
    const official = await run(['--content', await fixture(entered), '--today', '2027-01-05', '--strict']);
    expect(official.code).toBe(0);
    expect(official.stdout).toContain(
      'c-2027：北关村网格员调整；2026-12-20 生效，公布期限 2027-02-01，还剩 19 个工作日\n',
    );
  });

  it('lists the rules it checks', async () => {
    const r = await run(['--rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/town-fulltime-supervisors\s+每个镇（办事处）至少 5 名专职网格监督员/);
    expect(r.stdout.trim().split('\n')).toHaveLength(22);
  });

  it('rejects a malformed --today', async () => {
    const r = await run(['--today', '2026/11/27']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--today 的日期请写成 YYYY-MM-DD');
  });
});
