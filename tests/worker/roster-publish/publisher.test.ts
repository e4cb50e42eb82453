/**
 * The roster publisher against the local Git host service over a real git repository
 * (tests/support/git-host-fixture.ts): approved proposals become exactly one commit each,
 * authored by the staff member, with the change record appended to the current changes.yaml;
 * conflicts are refused naming the file; a Git host that is down leaves the proposal queued.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { runPublisher } from '../../../functions/roster/publish/publisher.ts';
import {
  insertApprovedProposal,
  proposalEvents,
  proposalState,
  replaceSupervisor,
} from '../../support/roster-proposals.ts';
import { newRepo, type TestRepo } from './helpers.ts';

const T0 = new Date('2026-12-01T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
let seq = 0;
const newId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}-${crypto.randomUUID().slice(0, 4)}`;

async function seedStaffNames() {
  await env.DB.batch(
    [
      ['town@example.org', '示例镇网格员', 'town', 'qingbei'],
      ['office@example.org', '示例区网格办', 'office', null],
    ].map(([email, name, role, scope]) =>
      env.DB.prepare(
        'INSERT OR IGNORE INTO staff (email, name, role, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5)',
      ).bind(email, name, role, scope, T0.toISOString()),
    ),
  );
}

/** An approved proposal replacing the first supervisor of `village`, drafted from the branch's current text. */
async function proposeReplacement(repo: TestRepo, village: string, name: string, changeId = 'c-2026-006') {
  const path = `villages/${village}.yaml`;
  const current = (await repo.file(`content/${path}`))!;
  const file = await replaceSupervisor(path, current, name, '13800000999');
  const id = newId();
  await insertApprovedProposal(env.DB, {
    id,
    town: 'qingbei',
    files: [file],
    changeRecord: {
      id: changeId,
      effective: '2026-11-30',
      scope: [`villages/${village}`],
      summary: `${village} 网格监督员调整为${name}（示例）`,
    },
  });
  return { id, file };
}

const commitsOf = (log: string) => log.split('\n--\n').filter((b) => b.trim());

describe('roster publisher', () => {
  // Storage is shared by the tests of a file and events are append-only: take what a test left
  // queued out of the queue, so the next test's runs see only their own proposals.
  afterEach(async () => {
    await env.DB.prepare(
      `UPDATE roster_proposals SET state = 'withdrawn' WHERE state IN ('approved', 'committed')`,
    ).run();
  });

  it('commits an approved proposal once, authored by the proposer, with the change record appended', async () => {
    await seedStaffNames();
    const repo = await newRepo();
    const { id, file } = await proposeReplacement(repo, 'beiguan', '马丽娜');
    const s = await runPublisher(repo.env, { now: T0 });
    expect(s).toMatchObject({ configured: true, attempted: 1, committed: 1 });

    const row = await proposalState(env.DB, id);
    expect(row.state).toBe('committed');
    expect(row.commit_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(row.commit_attempts).toBe(1);
    expect(await repo.file('content/villages/beiguan.yaml')).toBe(file.content);
    const changes = (await repo.file('content/changes.yaml'))!;
    expect(changes).toContain('- id: c-2026-006');
    expect(changes).toContain('beiguan 网格监督员调整为马丽娜（示例）');
    expect(changes.startsWith('# 变更记录')).toBe(true); // the leading comment kept
    expect(changes).toContain("- id: c-2026-005\n  effective: '2026-11-02'"); // earlier records untouched

    const [top] = commitsOf((await repo.log()).log);
    expect(top).toContain(row.commit_sha!);
    expect(top).toContain('示例镇网格员 <town@example.org>'); // author
    expect(top).toContain('示例区网格办 <office@example.org>'); // committer: the approver
    expect(top).toContain(`EnvGrid-Proposal: ${id}`);
    expect(top).toContain('EnvGrid-Change: c-2026-006');
    expect((await proposalEvents(env.DB, id)).map((e) => `${e.actor}:${e.action}`)).toEqual([
      'town@example.org:propose',
      'office@example.org:approve',
      'system:commit',
    ]);
    // Nothing left to do: a second run does not touch it.
    expect(await runPublisher(repo.env, { now: minutes(1) })).toMatchObject({ attempted: 0 });
    expect(commitsOf((await repo.log()).log)).toHaveLength(2);
  });

  it('refreshes changes.yaml when another proposal committed first, and renumbers a taken change id', async () => {
    const repo = await newRepo();
    const a = await proposeReplacement(repo, 'beiguan', '甲示例', 'c-2026-006');
    const b = await proposeReplacement(repo, 'nanguan', '乙示例', 'c-2026-006');
    const s = await runPublisher(repo.env, { now: T0 });
    expect(s).toMatchObject({ attempted: 2, committed: 2, conflicts: 0 });
    const changes = (await repo.file('content/changes.yaml'))!;
    expect(changes).toContain('甲示例');
    expect(changes).toContain('乙示例');
    expect(changes).toContain('- id: c-2026-007');
    expect(JSON.parse((await proposalState(env.DB, b.id)).change_record).id).toBe('c-2026-007');
    expect((await proposalEvents(env.DB, b.id)).at(-1)!.note).toContain('c-2026-007');
    expect(await repo.file('content/villages/beiguan.yaml')).toBe(a.file.content);
    expect(await repo.file('content/villages/nanguan.yaml')).toBe(b.file.content);
  });

  it('refuses a proposal whose file changed since the edit began, naming the file, and commits nothing', async () => {
    const repo = await newRepo();
    const { id } = await proposeReplacement(repo, 'beiguan', '丙示例');
    const before = (await repo.file('content/villages/beiguan.yaml'))!;
    await repo.commit({ 'content/villages/beiguan.yaml': before.replace('石秀英', '丁示例') }, 'Hand edit of beiguan');
    const heads = commitsOf((await repo.log()).log).length;

    expect(await runPublisher(repo.env, { now: T0 })).toMatchObject({ conflicts: 1, committed: 0 });
    const row = await proposalState(env.DB, id);
    expect(row.state).toBe('conflict');
    expect(row.commit_error).toContain('content/villages/beiguan.yaml');
    expect(row.commit_error).toContain('已被别人修改');
    expect(commitsOf((await repo.log()).log)).toHaveLength(heads);
    expect((await proposalEvents(env.DB, id)).at(-1)).toMatchObject({ actor: 'system', action: 'conflict' });
  });

  it('two proposals editing the same village: the first is committed, the second refused', async () => {
    const repo = await newRepo();
    const first = await proposeReplacement(repo, 'beiguan', '戊示例');
    const second = await proposeReplacement(repo, 'beiguan', '己示例');
    await runPublisher(repo.env, { now: T0 });
    expect((await proposalState(env.DB, first.id)).state).toBe('committed');
    const row = await proposalState(env.DB, second.id);
    expect(row.state).toBe('conflict');
    expect(row.commit_error).toContain('villages/beiguan.yaml');
    expect(await repo.file('content/villages/beiguan.yaml')).toBe(first.file.content);
  });

  it('Git host down: stays approved with back-off and the error; once up, exactly one commit', async () => {
    const repo = await newRepo();
    const { id } = await proposeReplacement(repo, 'beiguan', '庚示例');
    await repo.faults({ status: 503, times: 2 });
    expect(await runPublisher(repo.env, { now: T0 })).toMatchObject({ retrying: 1 });
    let row = await proposalState(env.DB, id);
    expect(row).toMatchObject({ state: 'approved', commit_attempts: 1, next_attempt_at: minutes(1).toISOString() });
    expect(row.commit_error).toContain('503');
    // Not due yet: nothing is tried.
    expect(await runPublisher(repo.env, { now: new Date(minutes(1).getTime() - 1000) })).toMatchObject({
      attempted: 0,
    });
    expect(await runPublisher(repo.env, { now: minutes(1) })).toMatchObject({ retrying: 1 });
    row = await proposalState(env.DB, id);
    expect(row).toMatchObject({ commit_attempts: 2, next_attempt_at: minutes(3).toISOString() });
    expect(await runPublisher(repo.env, { now: minutes(3) })).toMatchObject({ committed: 1 });
    row = await proposalState(env.DB, id);
    expect(row).toMatchObject({ state: 'committed', commit_attempts: 3, commit_error: null, next_attempt_at: null });
    const log = (await repo.log()).log;
    expect(log.split(`EnvGrid-Proposal: ${id}`)).toHaveLength(2); // exactly one commit carries it
    expect((await proposalEvents(env.DB, id)).map((e) => e.action)).toEqual([
      'propose',
      'approve',
      'retry',
      'retry',
      'commit',
    ]);
  });

  it('a timeout counts as down', async () => {
    const repo = await newRepo({ ROSTER_GIT_TIMEOUT_MS: '500' });
    const { id } = await proposeReplacement(repo, 'beiguan', '辛示例');
    await repo.faults({ delayMs: 3000 });
    expect(await runPublisher(repo.env, { now: T0 })).toMatchObject({ retrying: 1 });
    expect((await proposalState(env.DB, id)).commit_error).toContain('500 毫秒内没有应答');
  });

  it('an answer lost after the branch moved: the retry finds the commit by its trailer instead of committing again', async () => {
    const repo = await newRepo();
    const { id } = await proposeReplacement(repo, 'beiguan', '壬示例');
    await repo.faults({ method: 'PATCH', path: '/git/refs/heads/', lose: true });
    expect(await runPublisher(repo.env, { now: T0 })).toMatchObject({ retrying: 1 });
    const lost = await proposalState(env.DB, id);
    expect(lost.state).toBe('approved');
    // The branch did move: the commit is there, the publisher just never heard.
    expect((await repo.log()).log.split(`EnvGrid-Proposal: ${id}`)).toHaveLength(2);

    expect(await runPublisher(repo.env, { now: minutes(1) })).toMatchObject({ committed: 1 });
    const row = await proposalState(env.DB, id);
    expect(row.state).toBe('committed');
    const { log, requests } = await repo.log();
    expect(log.split(`EnvGrid-Proposal: ${id}`)).toHaveLength(2);
    expect(commitsOf(log)[0]).toContain(row.commit_sha!);
    // The second attempt only looked the commit up; it wrote nothing.
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(4); // 2 blobs, tree, commit: the first attempt's
    expect((await proposalEvents(env.DB, id)).at(-1)!.note).toContain('找到上次已完成的提交');
  });

  it('without settings nothing is claimed and the reason is shown once', async () => {
    const repo = await newRepo();
    const { id } = await proposeReplacement(repo, 'beiguan', '癸示例');
    const bare = { ...repo.env, ROSTER_GIT_TOKEN: '' } as Env;
    expect(await runPublisher(bare, { now: T0 })).toMatchObject({ configured: false, attempted: 0 });
    await runPublisher(bare, { now: minutes(1) });
    const row = await proposalState(env.DB, id);
    expect(row).toMatchObject({ state: 'approved', commit_attempts: 0 });
    expect(row.commit_error).toContain('ROSTER_GIT_TOKEN');
    expect((await proposalEvents(env.DB, id)).filter((e) => e.action === 'retry')).toHaveLength(1);
    // Configured again: committed at the next run.
    expect(await runPublisher(repo.env, { now: minutes(2) })).toMatchObject({ committed: 1 });
  });

  it('a wrong token stays queued with a clear reason', async () => {
    const repo = await newRepo({ ROSTER_GIT_TOKEN: 'not-the-token' });
    const { id } = await proposeReplacement(repo, 'beiguan', '子示例');
    await runPublisher(repo.env, { now: T0 });
    const row = await proposalState(env.DB, id);
    expect(row.state).toBe('approved');
    expect(row.commit_error).toContain('拒绝了令牌');
  });
});
