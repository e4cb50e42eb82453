/**
 * The delivery engine: claim a due delivery, send it on its channel, record
 * the attempt and schedule the next one or give up. Used right after intake
 * (`deliverNow`, under waitUntil) and by the minute cron (`runDueDeliveries`).
 *
 * Guarantee: at-least-once delivery per channel. A delivery is only ever sent
 * by the runner holding its lease, so a request and a cron run (or two cron
 * runs) never send it at the same time; but a runner that dies after the
 * receiver accepted and before D1 recorded it leaves the delivery pending, and
 * it is sent again when the lease runs out. Every attempt carries the same
 * Idempotency-Key, so a receiver that remembers keys sees each complaint once;
 * robots and email, which have no such key, get the resend marked in its title
 * (`RESEND_MARK`) so the people reading them can tell it is a repeat.
 */
import { runPool } from '../../domain/pool.ts';
import { CHANNELS } from './channels/index.ts';
import { readForwardingConfig, type ForwardingConfig } from './config.ts';
import { snippet, type SendResult } from './http.ts';
import { loadMessage, type ForwardMessage } from './message.ts';
import { nextAttemptAt } from './schedule.ts';
import {
  claimDelivery,
  COMPLAINT_OUTBOX,
  dueDeliveryIds,
  finishStatements,
  type Claim,
  type Finish,
  type Outbox,
} from './store.ts';

/** A clock: tests pass a fixed time to simulate minutes and hours passing; production reads the real one. */
export type Clock = () => Date;

export const realClock: Clock = () => new Date();

/**
 * Cron runs do not start at exactly the same offset every minute; a delivery
 * due a few seconds after a run starts would otherwise wait a whole extra
 * minute. So a run also takes deliveries due within this margin.
 */
export const DUE_MARGIN_MS = 5_000;

/** A lease outlives the slowest send (the timeout) with room for D1 writes. */
export function leaseMs(cfg: Pick<ForwardingConfig, 'timeoutMs'>): number {
  return cfg.timeoutMs + 30_000;
}

/**
 * One outbox as the engine runs it: its tables, how long a claim is held, and
 * how to send a claimed delivery (never throws; a throw counts as a passing
 * fault). Complaints (below) and digests (functions/digests/) each make one.
 */
export interface OutboxRunner {
  box: Outbox;
  leaseMs: number;
  /** Log prefix, e.g. `forwarding`. */
  label: string;
  send: (claim: Claim, now: Date) => Promise<SendResult>;
}

/** The complaint outbox: each attempt rebuilds the message from the stored complaint (cached per run). */
function complaintRunner(env: Env, cfg: ForwardingConfig): OutboxRunner {
  const cache = new Map<string, Promise<ForwardMessage | undefined>>();
  const messageFor = (complaintId: string) => {
    let p = cache.get(complaintId);
    if (!p) {
      p = loadMessage(env.DB, complaintId, cfg.publicBaseUrl, env.PHOTO_LINK_SECRET);
      cache.set(complaintId, p);
    }
    return p;
  };
  return {
    box: COMPLAINT_OUTBOX,
    leaseMs: leaseMs(cfg),
    label: 'forwarding',
    send: async (claim, now) => {
      const message = await messageFor(claim.complaintId);
      if (!message) return { outcome: 'dead', error: '找不到这条投诉记录' };
      const channel = CHANNELS[claim.channel];
      if (!channel) return { outcome: 'dead', error: `未知的转交通道 ${claim.channel}` };
      // A resend after an attempt with no recorded answer is marked for readers of chats and mailboxes.
      const m = claim.previousOutcomeUnknown ? { ...message, resend: true } : message;
      return channel({ message: m, delivery: claim, config: cfg, now });
    },
  };
}

async function send(runner: OutboxRunner, claim: Claim, now: Date): Promise<SendResult> {
  try {
    return await runner.send(claim, now);
  } catch (e) {
    // Channels do not throw by contract; if one does, treat it as a passing fault.
    return { outcome: 'retry', error: `内部错误：${snippet(e instanceof Error ? e.message : String(e))}` };
  }
}

interface Run {
  clock: Clock;
  /**
   * What retries are scheduled from: the cron run's start (so the next due
   * time lines up with a later run, however long this one took), or the
   * attempt itself for an immediate delivery.
   */
  base?: Date;
  /** Take deliveries due up to this much later than now. */
  marginMs: number;
}

/** Claims and attempts one delivery. Returns its outcome, or undefined if another runner had it. */
async function attemptOne(
  db: D1Database,
  runner: OutboxRunner,
  id: string,
  run: Run,
): Promise<SendResult['outcome'] | undefined> {
  const now = run.clock();
  const claim = await claimDelivery(
    db,
    id,
    {
      now: now.toISOString(),
      dueBy: new Date(now.getTime() + run.marginMs).toISOString(),
      leaseUntil: new Date(now.getTime() + runner.leaseMs).toISOString(),
    },
    runner.box,
  );
  if (!claim) return undefined;
  const started = Date.now();
  const result = await send(runner, claim, now);
  const durationMs = Date.now() - started;
  const finish: Finish = {
    claim,
    result,
    startedAt: now.toISOString(),
    endedAt: new Date(now.getTime() + durationMs).toISOString(),
    durationMs,
  };
  if (result.outcome === 'retry') {
    const next = nextAttemptAt(claim.attempts, new Date(claim.firstAttemptAt), run.base ?? now);
    if (next) finish.nextAttemptAt = next.toISOString();
    else {
      result.outcome = 'dead';
      finish.deadReason = `24 小时内尝试 ${claim.attempts} 次均未送达，最后一次：${result.error ?? '未知原因'}`;
    }
  }
  try {
    await db.batch(finishStatements(db, finish, runner.box));
  } catch (e) {
    // The lease runs out and the delivery is tried again (same Idempotency-Key).
    console.error(`${runner.label}: could not record attempt`, claim.id, e instanceof Error ? e.message : e);
  }
  console.log(
    `${runner.label}: ${claim.channel} ${result.outcome} delivery=${claim.id} attempt=${claim.attempts}` +
      `${result.httpStatus ? ` http=${result.httpStatus}` : ''} ${durationMs}ms${result.error ? ` ${result.error}` : ''}`,
  );
  return result.outcome;
}

/**
 * Tries the due deliveries of one owner (a complaint, a digest) at once, all channels in parallel.
 * Never throws: whatever fails is left for the cron.
 */
export async function deliverOwner(db: D1Database, runner: OutboxRunner, ownerId: string, clock: Clock): Promise<void> {
  try {
    const ids = await dueDeliveryIds(db, clock().toISOString(), 0, ownerId, runner.box);
    await Promise.all(ids.map((id) => attemptOne(db, runner, id, { clock, marginMs: 0 })));
  } catch (e) {
    console.error(
      `${runner.label}: immediate delivery failed, the cron will retry`,
      e instanceof Error ? e.message : e,
    );
  }
}

/**
 * Tries a complaint's due deliveries at once (all channels in parallel).
 * Never throws: whatever fails is left for the cron.
 */
export async function deliverComplaint(env: Env, complaintId: string, clock: Clock = realClock): Promise<void> {
  await deliverOwner(env.DB, complaintRunner(env, readForwardingConfig(env)), complaintId, clock);
}

export interface RunOptions {
  clock?: Clock;
  /** When the cron run was scheduled (ScheduledController.scheduledTime); defaults to the clock at start. */
  scheduledTime?: Date;
  /** Deliveries fetched per round. */
  batch?: number;
  /** Stop starting new rounds after this long (the next cron run continues). */
  budgetMs?: number;
  concurrency?: number;
}

export interface RunSummary {
  attempted: number;
  delivered: number;
  retry: number;
  dead: number;
}

/** The cron's work: attempts every due complaint delivery, round by round, within the time budget. */
export async function runDueDeliveries(env: Env, opts: RunOptions = {}): Promise<RunSummary> {
  return runOutbox(env.DB, complaintRunner(env, readForwardingConfig(env)), opts);
}

/** Attempts every due delivery of one outbox, round by round, within the time budget. */
export async function runOutbox(db: D1Database, runner: OutboxRunner, opts: RunOptions = {}): Promise<RunSummary> {
  const clock = opts.clock ?? realClock;
  const run: Run = { clock, base: opts.scheduledTime ?? clock(), marginMs: DUE_MARGIN_MS };
  const started = Date.now();
  const summary: RunSummary = { attempted: 0, delivered: 0, retry: 0, dead: 0 };
  const seen = new Set<string>();
  while (Date.now() - started < (opts.budgetMs ?? 45_000)) {
    const dueBy = new Date(clock().getTime() + DUE_MARGIN_MS).toISOString();
    const ids = (await dueDeliveryIds(db, dueBy, opts.batch ?? 24, undefined, runner.box)).filter(
      (id) => !seen.has(id),
    );
    if (ids.length === 0) break;
    for (const id of ids) seen.add(id);
    // At most `concurrency` sends at a time: Workers allow six open connections.
    await runPool(ids, opts.concurrency ?? 4, async (id) => {
      const outcome = await attemptOne(db, runner, id, run);
      if (!outcome) return;
      summary.attempted++;
      summary[outcome]++;
    });
  }
  return summary;
}
