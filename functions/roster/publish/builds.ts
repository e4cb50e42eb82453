/**
 * The pipeline's verdict on committed proposals: each publisher run asks the Git host for the
 * check runs and commit statuses of every commit still waiting to go live (Workers Builds and
 * GitHub Actions report as check runs; the local Git host reports `npm start`'s rebuild the same
 * way). A failed build leaves the live site as it was; the proposal becomes `failed` with the
 * check's summary and link, shown on /staff/roster/publications/ and the proposal's page.
 */
import { GitHostError, type GitHost } from './git-host.ts';
import { committedProposals, markBuildFailed } from './store.ts';

/** Commits checked per run (two calls each). */
const PER_RUN = 10;

/** The message staff read for a failed build. */
export function buildFailedMessage(detail: string | undefined, url: string | undefined): string {
  return `构建失败，网站仍是上一版本：${detail || '流水线报告构建失败'}${url ? `（详情：${url}）` : ''}`.slice(0, 2000);
}

/** Checks the committed proposals' builds; returns how many were marked failed. */
export async function checkBuilds(db: D1Database, host: GitHost, now: Date): Promise<number> {
  let failed = 0;
  for (const p of await committedProposals(db, PER_RUN)) {
    try {
      const check = await host.buildCheck(p.sha);
      if (check.state !== 'failure') continue;
      if (await markBuildFailed(db, p.id, now.toISOString(), buildFailedMessage(check.detail, check.url))) failed++;
    } catch (e) {
      // Not knowing changes nothing: the proposal stays committed and is asked about next run.
      console.error(`roster publish: build check of ${p.sha} failed`, e instanceof GitHostError ? e.message : e);
    }
  }
  return failed;
}
