/**
 * The roster publisher, run by the cron every minute: takes approved proposals (and those
 * whose retry is due), claims each before calling out, commits it (commit.ts) and records
 * the outcome. The Git host being down, slow or refusing the token leaves the proposal
 * approved with its error and next attempt time shown in the console, on the forwarding
 * back-off curve (1, 2, 5, 15, 30, 60 minutes, then hourly), never given up.
 */
import { retryDelayMinutes } from '../../forwarding/schedule.ts';
import { checkBuilds } from './builds.ts';
import { gitHostConfig } from './config.ts';
import { commitProposal } from './commit.ts';
import { GitHostError, gitHost, type GitHost } from './git-host.ts';
import { claimProposal, dueProposalIds, finishAttempt, markUnconfigured, staffName, type Outcome } from './store.ts';

/** Proposals taken per cron run (each is a dozen calls to the Git host). */
const PER_RUN = 5;

export interface PublishRunOptions {
  now: Date;
  /** The Git host client; defaults to the configured one (tests pass none and set env). */
  host?: GitHost;
}

export interface PublishRunSummary {
  configured: boolean;
  attempted: number;
  committed: number;
  conflicts: number;
  failed: number;
  retrying: number;
  /** Committed proposals whose build the pipeline reported failed (builds.ts). */
  buildsFailed: number;
}

/** Longer than the slowest attempt (a dozen calls, each at most the timeout) plus D1 writes. */
function leaseMs(timeoutMs: number): number {
  return 12 * timeoutMs + 60_000;
}

/** One cron run of the publisher. */
export async function runPublisher(env: Env, opts: PublishRunOptions): Promise<PublishRunSummary> {
  const summary: PublishRunSummary = {
    configured: false,
    attempted: 0,
    committed: 0,
    conflicts: 0,
    failed: 0,
    retrying: 0,
    buildsFailed: 0,
  };
  const nowIso = opts.now.toISOString();
  const cfg = gitHostConfig(env);
  if (!cfg.ok) {
    await markUnconfigured(env.DB, nowIso, cfg.reason);
    return summary;
  }
  summary.configured = true;
  const host = opts.host ?? gitHost(cfg.config);
  for (const id of await dueProposalIds(env.DB, nowIso, PER_RUN)) {
    const leaseUntil = new Date(opts.now.getTime() + leaseMs(cfg.config.timeoutMs)).toISOString();
    const row = await claimProposal(env.DB, id, nowIso, leaseUntil);
    if (!row) continue; // another run has it
    summary.attempted++;
    let outcome: Outcome;
    try {
      const proposer = { name: await staffName(env.DB, row.proposed_by), email: row.proposed_by };
      const approver = row.decided_by
        ? { name: await staffName(env.DB, row.decided_by), email: row.decided_by }
        : proposer;
      const r = await commitProposal(host, cfg.config.contentDir, {
        id: row.id,
        files: row.files,
        changeRecord: row.change_record,
        retried: row.commit_attempts > 1,
        author: proposer,
        committer: approver,
      });
      outcome =
        r.kind === 'committed'
          ? {
              kind: 'committed',
              sha: r.sha,
              changeRecord: JSON.stringify(r.record),
              note: [r.found ? `找到上次已完成的提交 ${r.sha}` : `已提交 ${r.sha}`, ...r.refreshed].join('；'),
            }
          : r;
    } catch (e) {
      const error = e instanceof GitHostError ? e.message : `内部错误：${e instanceof Error ? e.message : String(e)}`;
      const next = new Date(opts.now.getTime() + retryDelayMinutes(row.commit_attempts) * 60_000);
      outcome = { kind: 'retry', error, nextAttemptAt: next.toISOString() };
    }
    await finishAttempt(env.DB, row.id, nowIso, outcome);
    if (outcome.kind === 'committed') summary.committed++;
    else if (outcome.kind === 'conflict') summary.conflicts++;
    else if (outcome.kind === 'failed') summary.failed++;
    else summary.retrying++;
  }
  summary.buildsFailed = await checkBuilds(env.DB, host, opts.now);
  return summary;
}
