/**
 * Publication recorded by the runtime (migrations/0018): the first serve of a Worker version
 * records the changes its build carries, with the Beijing date and the version, once — also when
 * two isolates of the new version serve their first requests at the same moment.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWorker } from '../../../functions/handler.ts';
import { recordPublication, publicationDates } from '../../../functions/roster/publish/record.ts';
import { insertApprovedProposal, proposalEvents, proposalState } from '../../support/roster-proposals.ts';

/** A request as the runtime hands it to the Worker. */
const incoming = (url: string) => new Request(url) as unknown as Request<unknown, IncomingRequestCfProperties>;

async function committedProposal(changeId: string): Promise<string> {
  const id = crypto.randomUUID();
  await insertApprovedProposal(env.DB, {
    id,
    files: [{ path: 'villages/beiguan.yaml', content: 'x', base: null }],
    changeRecord: {
      id: changeId,
      effective: '2026-11-20',
      scope: ['villages/beiguan'],
      summary: '北关村网格监督员调整（示例）',
    },
  });
  // What the publisher leaves after a commit.
  await env.DB.prepare(`UPDATE roster_proposals SET state = 'committed', commit_sha = ?2 WHERE id = ?1`)
    .bind(id, 'a'.repeat(40))
    .run();
  return id;
}

describe('publication recorded by the runtime', () => {
  it('records each change once under concurrent first serves, with the Beijing date and the version', async () => {
    const proposal = await committedProposal('c-2026-101');
    // 17:30 UTC on 1 December is already 2 December in Beijing.
    const now = new Date('2026-12-01T17:30:00.000Z');
    const input = { version: 'v-101', buildId: 'build-101', changeIds: ['c-2026-101', 'c-2026-102'], now };
    const runs = await Promise.all([1, 2, 3].map(() => recordPublication(env.DB, input)));
    expect(runs.flat().sort()).toEqual(['c-2026-101', 'c-2026-102']);

    const dates = await publicationDates(env.DB);
    expect(dates.get('c-2026-101')).toEqual({ date: '2026-12-02', version: 'v-101' });
    expect(dates.get('c-2026-102')).toEqual({ date: '2026-12-02', version: 'v-101' });
    const row = await proposalState(env.DB, proposal);
    expect(row).toMatchObject({ state: 'published', published_at: '2026-12-02', published_version: 'v-101' });
    expect((await proposalEvents(env.DB, proposal)).filter((e) => e.action === 'publish')).toEqual([
      { actor: 'system', action: 'publish', note: '版本 v-101 于 2026-12-02 首次上线' },
    ]);

    // A later version carrying the same change (still without `published` in changes.yaml) keeps the first date.
    await recordPublication(env.DB, { ...input, version: 'v-102', now: new Date('2026-12-09T02:00:00Z') });
    expect((await publicationDates(env.DB)).get('c-2026-101')).toEqual({ date: '2026-12-02', version: 'v-101' });
    expect((await proposalEvents(env.DB, proposal)).filter((e) => e.action === 'publish')).toHaveLength(1);
  });

  it('the Worker records its version on its first request, once across two fresh isolates serving at once', async () => {
    const versioned = {
      ...env,
      ENVGRID_ENV: '',
      CF_VERSION_METADATA: { id: 'v-worker-1', tag: '', timestamp: '2026-12-01T00:00:00Z' },
    } as Env;
    const isolates = [createWorker(() => new Response('page')), createWorker(() => new Response('page'))];
    await Promise.all(
      isolates.map(async (w) => {
        const ctx = createExecutionContext();
        const res = await w.fetch(incoming('http://x/'), versioned, ctx);
        await res.arrayBuffer();
        await waitOnExecutionContext(ctx);
      }),
    );
    const { results } = await env.DB.prepare(
      `SELECT version, build_id FROM roster_versions WHERE version = 'v-worker-1'`,
    ).all<{
      version: string;
      build_id: string;
    }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.build_id).not.toBe('');
  });

  it('locally the build id is the version (wrangler dev gives a new version id on every start)', async () => {
    const local = {
      ...env,
      ENVGRID_ENV: 'local',
      CF_VERSION_METADATA: { id: 'random-per-start', tag: '', timestamp: '' },
    } as Env;
    const ctx = createExecutionContext();
    await (await createWorker(() => new Response('page')).fetch(incoming('http://x/'), local, ctx)).arrayBuffer();
    await waitOnExecutionContext(ctx);
    const seen = await env.DB.prepare(`SELECT version, build_id FROM roster_versions WHERE version = build_id`).all();
    expect(seen.results.length).toBeGreaterThan(0);
    expect(await env.DB.prepare(`SELECT 1 FROM roster_versions WHERE version = 'random-per-start'`).first()).toBeNull();
  });
});
