/**
 * The digest cron (called every minute from functions/scheduled.ts): on a
 * working day, from 08:30 Beijing the to-do digests and from 16:30 the
 * overdue digest with its 催办/督办 steps, each once a day; then whatever
 * digest delivery is due (retries).
 */
import { rosterWorkCalendar } from '../../domain/roster/current.ts';
import { dueDigests, type DigestKind } from '../../domain/cases/digest.ts';
import { assignCutoff } from '../staff/cases/config.ts';
import { deliverOwner, runOutbox, type RunSummary } from '../forwarding/deliver.ts';
import { readDigestConfig } from './config.ts';
import { planRun, runStatements } from './build.ts';
import { digestRunner } from './send.ts';
import { rosterDueReminders } from '../roster/console/reminders.ts';
import { assessmentRemindedBodies } from './reminders.ts';

export interface DigestRunSummary {
  day: string;
  /** Runs this call made (kinds), with how many digests each queued and cases it urged. */
  runs: { kind: DigestKind; digests: number; urged: number }[];
  deliveries: RunSummary;
}

/** The kinds already run on `day`. */
async function doneKinds(db: D1Database, day: string): Promise<Set<string>> {
  const { results } = await db.prepare('SELECT kind FROM digest_runs WHERE day = ?1').bind(day).all<{ kind: string }>();
  return new Set(results.map((r) => r.kind));
}

/**
 * Makes the digests due at `now` that are not made yet and sends them; then
 * retries due digest deliveries. Two overlapping calls make each run once:
 * the loser's batch fails on `digest_runs`' key and writes nothing.
 */
export async function runDigests(env: Env, now: Date): Promise<DigestRunSummary> {
  const db = env.DB;
  const cfg = readDigestConfig(env);
  const clock = () => now;
  const { day, kinds } = dueDigests(now, rosterWorkCalendar);
  const summary: DigestRunSummary = { day, runs: [], deliveries: { attempted: 0, delivered: 0, retry: 0, dead: 0 } };
  const runner = digestRunner(db, cfg);
  if (kinds.length > 0) {
    const done = await doneKinds(db, day);
    for (const kind of kinds.filter((k) => !done.has(k))) {
      if (cfg.problems.length) console.error(`digests: ${cfg.problems.join('；')}`);
      const roster = kind === 'todo' ? await rosterDueReminders(db, day) : { dueSoon: [], dueToday: [] };
      const reminded = new Set(assessmentRemindedBodies(day));
      if (roster.dueSoon.length + roster.dueToday.length > 0) reminded.add('office');
      const plan = await planRun(db, kind, day, now, assignCutoff(env), reminded);
      const { statements, digestIds } = runStatements(db, plan, cfg, now);
      try {
        await db.batch(statements);
      } catch (e) {
        // Another run made it first (digest_runs' key); anything else is tried again the next minute.
        console.log(`digests: ${kind} ${day} not written: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      summary.runs.push({ kind, digests: digestIds.length, urged: plan.urge.length });
      for (const id of digestIds) await deliverOwner(db, runner, id, clock);
    }
  }
  summary.deliveries = await runOutbox(db, runner, { clock, scheduledTime: now, budgetMs: 20_000 });
  return summary;
}
