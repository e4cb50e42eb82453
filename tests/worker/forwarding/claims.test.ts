/**
 * Runners racing for the same deliveries: the request's waitUntil and cron
 * runs overlapping, a runner that died mid-send, and the real `scheduled`
 * handler picking up what was stored but never sent.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { createWorker } from '../../../functions/handler.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDueDeliveries } from '../../../functions/forwarding/deliver.ts';
import { deliverNow } from '../../../functions/forwarding/outbox.ts';
import { claimDelivery } from '../../../functions/forwarding/store.ts';
import { RESEND_MARK } from '../../../functions/forwarding/message.ts';
import { SECRET, T0, at, attemptsOf, configured, deliveriesOf, newComplaint, requestsFor, resetDb } from './helpers.ts';
import { newReceiver } from './receiver-client.ts';

beforeEach(resetDb);

/** Claim times for an attempt at `now`, owned until `leaseUntil`. */
function times(now: Date, leaseUntil: Date) {
  return { now: now.toISOString(), dueBy: now.toISOString(), leaseUntil: leaseUntil.toISOString() };
}

async function slowOffice() {
  const receiver = await newReceiver();
  // Slow enough that the runners overlap while the first send is in flight.
  await receiver.script({ answers: [{ status: 200, delayMs: 150 }] });
  const e = configured({ FORWARD_WEBHOOK_URL: `${receiver.url}/hook`, FORWARD_WEBHOOK_SECRET: SECRET });
  return { receiver, e };
}

describe('claiming deliveries', () => {
  it('never sends one delivery twice when waitUntil and two cron runs race', async () => {
    const { receiver, e } = await slowOffice();
    const complaints = [];
    for (let i = 0; i < 5; i++) complaints.push(await newComplaint(e));
    const clock = () => T0;
    // Each runner's start and end, to prove they really ran at the same time (else the test proves nothing).
    const spans: { start: number; end: number }[] = [];
    const timed = async (run: () => Promise<unknown>) => {
      const span = { start: performance.now(), end: Infinity };
      spans.push(span);
      await run();
      span.end = performance.now();
    };
    await Promise.all([
      ...complaints.map((c) => timed(() => deliverNow(e, c.id, T0))),
      timed(() => runDueDeliveries(e, { clock })),
      timed(() => runDueDeliveries(e, { clock })),
    ]);
    expect(spans).toHaveLength(7);
    expect(Math.max(...spans.map((x) => x.start))).toBeLessThan(Math.min(...spans.map((x) => x.end)));
    const reqs = await receiver.requests();
    expect(reqs).toHaveLength(5);
    for (const c of complaints) {
      expect(requestsFor(reqs, c)).toHaveLength(1);
      expect(await attemptsOf(c.id)).toHaveLength(1);
      expect((await deliveriesOf(c.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    }
  });

  it('lets only one runner claim a delivery, and another take over once the lease runs out', async () => {
    const { e } = await slowOffice();
    const c = await newComplaint(e);
    const [d] = await deliveriesOf(c.id);
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimDelivery(e.DB, d!.id, times(T0, at(1)))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The owner "crashes" mid-send: nothing is recorded. Before the lease ends nobody else may send…
    expect(await claimDelivery(e.DB, d!.id, times(at(0.5), at(1.5)))).toBeUndefined();
    // …after it, the next runner sends again with the same key (the receiver may see a repeat).
    const again = await claimDelivery(e.DB, d!.id, times(at(1), at(2)));
    expect(again).toMatchObject({ idempotencyKey: d!.idempotency_key, attempts: 2 });
  });

  it('a stale runner cannot undo a delivery recorded by the runner that took over', async () => {
    const { receiver, e } = await slowOffice();
    const c = await newComplaint(e);
    const [d] = await deliveriesOf(c.id);
    // A first runner claimed at T0 and hung past its lease.
    expect(await claimDelivery(e.DB, d!.id, times(T0, at(0.5)))).toBeDefined();
    await runDueDeliveries(e, { clock: () => at(1) });
    expect((await deliveriesOf(c.id))[0]!.status).toBe('delivered');
    expect(requestsFor(await receiver.requests(), c)).toHaveLength(1);
  });
});

describe('a resend after a lost outcome', () => {
  async function wecomRobot(answers: { status: number; body?: string; delayMs?: number }[], timeoutMs = '10000') {
    const robot = await newReceiver();
    await robot.script({ answers });
    const e = configured({
      FORWARD_WECOM_URL: `${robot.url}/cgi-bin/webhook/send?key=test-key`,
      FORWARD_TIMEOUT_MS: timeoutMs,
    });
    return { robot, e };
  }
  const title = (r: { body: string }) =>
    (JSON.parse(r.body) as { markdown: { content: string } }).markdown.content.split('\n')[0]!;

  it('marks the robot message as a possible repeat when the runner died mid-send', async () => {
    const { robot, e } = await wecomRobot([{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }]);
    const c = await newComplaint(e);
    const [d] = await deliveriesOf(c.id);
    // A runner claimed and died: the robot may or may not have the message; nothing was recorded.
    expect(await claimDelivery(e.DB, d!.id, times(T0, at(0.5)))).toMatchObject({ previousOutcomeUnknown: false });
    await runDueDeliveries(e, { clock: () => at(1) });
    const reqs = await robot.requests();
    expect(reqs).toHaveLength(1);
    expect(title(reqs[0]!)).toContain(RESEND_MARK);
    expect((await deliveriesOf(c.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('marks the resend after a send that timed out (the robot may have read it)', async () => {
    const ok = '{"errcode":0,"errmsg":"ok"}';
    const { robot, e } = await wecomRobot(
      [
        { status: 200, body: ok, delayMs: 1500 },
        { status: 200, body: ok },
      ],
      '300',
    );
    const c = await newComplaint(e);
    await runDueDeliveries(e, { clock: () => T0 });
    expect((await attemptsOf(c.id))[0]).toMatchObject({ outcome: 'retry', http_status: null });
    await runDueDeliveries(e, { clock: () => at(60) });
    const reqs = await robot.requests();
    expect(reqs).toHaveLength(2);
    expect(title(reqs[0]!)).not.toContain(RESEND_MARK);
    expect(title(reqs[1]!)).toContain(RESEND_MARK);
  });

  it('does not mark a retry whose earlier failure was answered, nor a first send', async () => {
    const { robot, e } = await wecomRobot([
      { status: 503, body: 'busy' },
      { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
    ]);
    const c = await newComplaint(e);
    await runDueDeliveries(e, { clock: () => T0 });
    expect((await deliveriesOf(c.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await runDueDeliveries(e, { clock: () => at(60) });
    const reqs = await robot.requests();
    expect(reqs).toHaveLength(2);
    for (const r of reqs) expect(title(r)).not.toContain(RESEND_MARK);
    expect((await deliveriesOf(c.id))[0]!.status).toBe('delivered');
  });
});

describe('the Worker’s scheduled handler', () => {
  it('delivers complaints stored while no delivery ran (Worker stopped after storing)', async () => {
    const receiver = await newReceiver();
    const e = configured({ FORWARD_WEBHOOK_URL: `${receiver.url}/hook`, FORWARD_WEBHOOK_SECRET: SECRET });
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const c1 = await newComplaint(e, { received_at: receivedAt });
    const c2 = await newComplaint(e, { received_at: receivedAt });
    // The Worker's own scheduled handler (real clock), given the test's settings.
    const worker = createWorker(() => new Response('no pages here', { status: 404 }));
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), e, ctx);
    await waitOnExecutionContext(ctx);
    const reqs = await receiver.requests();
    for (const c of [c1, c2]) {
      expect(requestsFor(reqs, c)).toHaveLength(1);
      expect((await deliveriesOf(c.id))[0]!.status).toBe('delivered');
    }
  });
});
