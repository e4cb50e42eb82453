/**
 * A build the pipeline failed reaches the console: the publisher asks the Git host for the
 * checks of each committed proposal's commit (the local Git host reports them as GitHub's check
 * runs do); a failed check makes the proposal `failed` with the check's summary, shown by the
 * console's API; a passing or running check changes nothing (publication is the runtime's).
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runPublisher } from '../../../functions/roster/publish/publisher.ts';
import {
  insertApprovedProposal,
  proposalEvents,
  proposalState,
  replaceSupervisor,
} from '../../support/roster-proposals.ts';
import { seedStaff, staffHeaders } from '../../support/staff-tokens.ts';
import { newRepo, type TestRepo } from './helpers.ts';

const T0 = new Date('2026-12-01T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function committed(repo: TestRepo, village: string, changeId: string) {
  const path = `villages/${village}.yaml`;
  const file = await replaceSupervisor(path, (await repo.file(`content/${path}`))!, '马丽娜', '13800000999');
  const id = crypto.randomUUID();
  await insertApprovedProposal(env.DB, {
    id,
    files: [file],
    changeRecord: { id: changeId, effective: '2026-11-30', scope: [`villages/${village}`], summary: '调整（示例）' },
  });
  expect(await runPublisher(repo.env, { now: T0 })).toMatchObject({ committed: 1, buildsFailed: 0 });
  const row = await proposalState(env.DB, id);
  expect(row.state).toBe('committed');
  return { id, sha: row.commit_sha! };
}

describe('build checks of committed proposals', () => {
  it('a failed check marks the proposal failed with its summary; the console shows it', async () => {
    await seedStaff(env.DB, [{ email: 'office@example.org', name: '示例区网格办', role: 'office', scope: null }]);
    const repo = await newRepo();
    const { id, sha } = await committed(repo, 'beiguan', 'c-2026-201');

    // Running, then nothing new: the proposal waits as committed.
    await repo.check(sha, { name: 'npm start 构建', conclusion: null, title: '构建中', summary: '' });
    expect(await runPublisher(repo.env, { now: minutes(1) })).toMatchObject({ attempted: 0, buildsFailed: 0 });
    expect((await proposalState(env.DB, id)).state).toBe('committed');

    await repo.check(sha, {
      name: 'npm start 构建',
      conclusion: 'failure',
      title: '名册检查未通过',
      summary: '名册内容有 1 处错误：content/villages/beiguan.yaml 电话号码格式不对',
    });
    expect(await runPublisher(repo.env, { now: minutes(2) })).toMatchObject({ buildsFailed: 1 });
    const row = await proposalState(env.DB, id);
    expect(row.state).toBe('failed');
    expect(row.commit_error).toBe(
      '构建失败，网站仍是上一版本：npm start 构建：名册检查未通过：名册内容有 1 处错误：content/villages/beiguan.yaml 电话号码格式不对',
    );
    expect((await proposalEvents(env.DB, id)).at(-1)).toMatchObject({ actor: 'system', action: 'fail' });
    // Recorded once: the next run has nothing committed to ask about.
    expect(await runPublisher(repo.env, { now: minutes(3) })).toMatchObject({ buildsFailed: 0 });
    expect((await proposalEvents(env.DB, id)).filter((e) => e.action === 'fail')).toHaveLength(1);

    const res = await exports.default.fetch(`http://envgrid.test/api/staff/roster/proposals/${id}`, {
      headers: await staffHeaders('office@example.org'),
    });
    expect(res.status).toBe(200);
    const { proposal } = (await res.json()) as { proposal: { state: string; commitError: string } };
    expect(proposal.state).toBe('failed');
    expect(proposal.commitError).toContain('名册检查未通过');
  });

  it('a passing check leaves the proposal committed for the runtime to record', async () => {
    const repo = await newRepo();
    const { id, sha } = await committed(repo, 'dongxing', 'c-2026-202');
    await repo.check(sha, { name: 'npm start 构建', conclusion: 'success', title: '构建成功', summary: '' });
    expect(await runPublisher(repo.env, { now: minutes(1) })).toMatchObject({ buildsFailed: 0 });
    expect((await proposalState(env.DB, id)).state).toBe('committed');
    await env.DB.prepare(`UPDATE roster_proposals SET state = 'withdrawn' WHERE id = ?1`).bind(id).run();
  });
});
