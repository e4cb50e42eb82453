/**
 * The office webhook under faults: down for minutes, 500s, slow past the
 * timeout, 400, flapping, down for a whole day. Time is simulated: the
 * engine is given the clock, and the retry schedule decides by
 * next_attempt_at, so "minutes later" is one call away.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deliverNow } from '../../../functions/forwarding/outbox.ts';
import { runDueDeliveries } from '../../../functions/forwarding/deliver.ts';
import { REQUEUE_SQL } from '../../../functions/forwarding/ops.ts';
import { RECEIVED_NOTE } from '../../../domain/complaint.ts';
import {
  SECRET,
  T0,
  at,
  attemptsOf,
  configured,
  deliveriesOf,
  newComplaint,
  requestsFor,
  resetDb,
  signatureValid,
  timelineOf,
} from './helpers.ts';
import { newReceiver } from './receiver-client.ts';

beforeEach(resetDb);

async function webhookEnv(opts: { down?: boolean } = {}) {
  const receiver = await newReceiver(opts);
  const e = configured({ FORWARD_WEBHOOK_URL: `${receiver.url}/envgrid/complaints`, FORWARD_WEBHOOK_SECRET: SECRET });
  return { receiver, e };
}

const cron = (e: Env, minutes: number) => runDueDeliveries(e, { clock: () => at(minutes) });

describe('webhook to the district office', () => {
  it('delivers a new complaint at once: signed, with an Idempotency-Key, and the timeline says 已转交区网格办', async () => {
    const { receiver, e } = await webhookEnv();
    const c = await newComplaint(e);
    const started = Date.now();
    await deliverNow(e, c.id, T0);
    const latency = Date.now() - started;

    const reqs = requestsFor(await receiver.requests(), c);
    expect(reqs).toHaveLength(1);
    const r = reqs[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/envgrid/complaints');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(await signatureValid(r)).toBe(true);
    expect(await signatureValid(r, 'wrong secret')).toBe(false);
    const [d] = await deliveriesOf(c.id);
    expect(r.headers['idempotency-key']).toBe(d!.idempotency_key);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, channel: 'webhook' });
    const body = JSON.parse(r.body) as { complaint: { trackingCode: string; description: string; contact: unknown } };
    expect(body.complaint).toMatchObject({ trackingCode: c.tracking_code, description: c.description });
    expect(body.complaint.contact).toEqual({ name: '李四', phone: '13812345678' });

    const [a] = await attemptsOf(c.id);
    expect(a).toMatchObject({
      channel: 'webhook',
      outcome: 'delivered',
      http_status: 200,
      error: null,
      at: T0.toISOString(),
    });
    expect(a!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await timelineOf(c.id)).toEqual({
      status: 'forwarded',
      events: [
        { status: 'received', note: RECEIVED_NOTE },
        { status: 'forwarded', note: '已转交区网格办' },
      ],
    });
    console.log(`webhook delivery right after intake took ${latency} ms`);
  });

  it('keeps complaints while the office is down for minutes and delivers each once when it is back', async () => {
    const { receiver, e } = await webhookEnv({ down: true });
    const complaints = [await newComplaint(e), await newComplaint(e), await newComplaint(e)];
    for (const c of complaints) await deliverNow(e, c.id, T0);
    // Down at 0, 1, 3 and 8 minutes (the back-off: 1, 2, 5 …).
    for (const m of [1, 3]) expect((await cron(e, m)).retry).toBe(3);
    expect((await cron(e, 5)).attempted).toBe(0); // nothing due between retries
    for (const c of complaints) {
      const [d] = await deliveriesOf(c.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 3, next_attempt_at: at(8).toISOString() });
      expect(d!.last_error).toMatch(/^无法连接/);
      expect((await timelineOf(c.id)).status).toBe('received');
    }
    await receiver.up();
    // Back up at minute 6: delivered at the next due retry (minute 8), within one retry period.
    expect(await cron(e, 6)).toMatchObject({ attempted: 0 });
    expect(await cron(e, 8)).toMatchObject({ attempted: 3, delivered: 3 });
    const reqs = await receiver.requests();
    for (const c of complaints) {
      const mine = requestsFor(reqs, c);
      expect(mine).toHaveLength(1);
      expect(await signatureValid(mine[0]!)).toBe(true);
      const attempts = await attemptsOf(c.id);
      expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
      expect(attempts.map((a) => a.at)).toEqual([0, 1, 3, 8].map((m) => at(m).toISOString()));
      expect(attempts[0]!.http_status).toBeNull();
      expect((await timelineOf(c.id)).events.filter((ev) => ev.status === 'forwarded')).toHaveLength(1);
    }
    expect(new Set(reqs.map((r) => r.headers['idempotency-key'])).size).toBe(3);
  });

  it('retries at the next minute’s cron run, however late in its run an attempt was or when intake tried', async () => {
    const { receiver, e } = await webhookEnv({ down: true });
    const c = await newComplaint(e);
    const sec = (m: number, s: number) => new Date(at(m).getTime() + s * 1000);
    // Intake's immediate attempt, 2 s after the minute: due again at 1:02, taken by the run at 1:00.
    await deliverNow(e, c.id, sec(0, 2));
    // A cron run scheduled at 1:00 that reaches this delivery only 20 s in (a long queue before it).
    const late = await runDueDeliveries(e, { scheduledTime: at(1), clock: () => sec(1, 20) });
    expect(late.retry).toBe(1);
    // Its retry (2 minutes) lines up with the run scheduled at 3:00, which starts on time.
    await receiver.up();
    expect(await runDueDeliveries(e, { scheduledTime: at(3), clock: () => sec(3, 0.3) })).toMatchObject({
      delivered: 1,
    });
    expect((await attemptsOf(c.id)).map((a) => a.outcome)).toEqual(['retry', 'retry', 'delivered']);
  });

  it('retries a 500 with the same Idempotency-Key until the office accepts', async () => {
    const { receiver, e } = await webhookEnv();
    await receiver.script({ answers: [{ status: 500, body: 'db locked' }, { status: 503 }, { status: 200 }] });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    await cron(e, 1);
    await cron(e, 3);
    const reqs = requestsFor(await receiver.requests(), c);
    expect(reqs.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(reqs.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(reqs.map((r) => r.headers['x-envgrid-attempt'])).toEqual(['1', '2', '3']);
    for (const r of reqs) expect(await signatureValid(r)).toBe(true);
    // Same body every time; only the signature headers change.
    expect(new Set(reqs.map((r) => r.body)).size).toBe(1);
    const attempts = await attemptsOf(c.id);
    expect(attempts.map((a) => [a.outcome, a.http_status, a.error])).toEqual([
      ['retry', 500, 'HTTP 500：db locked'],
      ['retry', 503, 'HTTP 503'],
      ['delivered', 200, null],
    ]);
  });

  it('gives up on a slow answer at the timeout and retries', async () => {
    const { receiver, e } = await webhookEnv();
    await receiver.script({ answers: [{ status: 200, delayMs: 1500 }, { status: 200 }] });
    const c = await newComplaint(e);
    const started = Date.now();
    await deliverNow(e, c.id, T0);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(1400);
    let [d] = await deliveriesOf(c.id);
    expect(d).toMatchObject({ status: 'pending', last_error: '超时：400 毫秒内没有应答' });
    await cron(e, 1);
    [d] = await deliveriesOf(c.id);
    expect(d!.status).toBe('delivered');
    const reqs = requestsFor(await receiver.requests(), c);
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.headers['idempotency-key']).toBe(reqs[1]!.headers['idempotency-key']);
    expect((await attemptsOf(c.id)).map((a) => a.outcome)).toEqual(['retry', 'delivered']);
  });

  it('marks a 400 dead at once, keeps the reason, does not retry it until an operator re-queues it', async () => {
    const { receiver, e } = await webhookEnv();
    await receiver.script({ answers: [{ status: 400, body: '{"error":"missing field town"}' }] });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    const [d] = await deliveriesOf(c.id);
    expect(d).toMatchObject({ status: 'dead', attempts: 1 });
    expect(d!.dead_reason).toBe('HTTP 400：{"error":"missing field town"}');
    expect(await cron(e, 60)).toMatchObject({ attempted: 0 });
    expect(requestsFor(await receiver.requests(), c)).toHaveLength(1);
    expect(await timelineOf(c.id)).toMatchObject({ status: 'received' });

    // The office fixes its side; an operator re-queues it (npm run deliveries -- --retry <id>).
    await receiver.script({ answers: [{ status: 200 }] });
    const requeued = await e.DB.prepare(REQUEUE_SQL).bind(at(90).toISOString(), d!.id).all();
    expect(requeued.results).toHaveLength(1);
    expect(await cron(e, 91)).toMatchObject({ attempted: 1, delivered: 1 });
    const reqs = requestsFor(await receiver.requests(), c);
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.headers['idempotency-key']).toBe(d!.idempotency_key);
    expect(await timelineOf(c.id)).toMatchObject({ status: 'forwarded' });
  });

  it('gets every complaint through a flapping office, each under one key', async () => {
    const { receiver, e } = await webhookEnv();
    await receiver.script({
      answers: [{ status: 502 }, { status: 200 }, { status: 429 }, { status: 200 }],
      cycle: true,
    });
    const complaints = [];
    for (let i = 0; i < 6; i++) complaints.push(await newComplaint(e));
    for (const c of complaints) await deliverNow(e, c.id, T0);
    for (const m of [1, 3, 8, 23]) await cron(e, m);
    const reqs = await receiver.requests();
    for (const c of complaints) {
      const [d] = await deliveriesOf(c.id);
      expect(d!.status).toBe('delivered');
      const mine = requestsFor(reqs, c);
      expect(mine.filter((r) => r.answered === 200)).toHaveLength(1);
      expect(new Set(mine.map((r) => r.headers['idempotency-key']))).toEqual(new Set([d!.idempotency_key]));
    }
    expect(reqs.length).toBeGreaterThan(complaints.length);
  });

  it('stops after 24 hours of failures and marks the delivery dead with the last error', async () => {
    const { receiver, e } = await webhookEnv();
    await receiver.script({ answers: [{ status: 503, body: 'maintenance' }] });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    // Run the cron whenever the delivery is due, as the minute cron would.
    let guard = 0;
    for (;;) {
      const [d] = await deliveriesOf(c.id);
      if (d!.status !== 'pending' || guard++ > 60) break;
      const due = (Date.parse(d!.next_attempt_at) - T0.getTime()) / 60_000;
      await cron(e, due);
    }
    const [d] = await deliveriesOf(c.id);
    expect(d!.status).toBe('dead');
    expect(d!.attempts).toBe(29);
    expect(d!.dead_reason).toBe('24 小时内尝试 29 次均未送达，最后一次：HTTP 503：maintenance');
    const attempts = await attemptsOf(c.id);
    expect(attempts).toHaveLength(29);
    expect(Date.parse(attempts.at(-1)!.at) - T0.getTime()).toBeLessThanOrEqual(24 * 3600_000);
    expect(attempts.at(-1)!.outcome).toBe('dead');
    expect(await cron(e, 48 * 60)).toMatchObject({ attempted: 0 });
    expect(requestsFor(await receiver.requests(), c)).toHaveLength(29);
  });
});
