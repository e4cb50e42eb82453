/**
 * Through the real complaint API: storing a complaint queues its deliveries in
 * the same batch, waitUntil delivers them right after the answer, and the
 * public timeline then shows 已转交区网格办 — or, with the office down, the
 * complaint is stored all the same and the cron delivers it later.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runDueDeliveries } from '../../../functions/forwarding/deliver.ts';
import { apiWith, jsonInit, marker, validComplaint } from '../support/complaints.ts';
import { SECRET, deliveriesOf, signatureValid } from './helpers.ts';
import { newReceiver } from './receiver-client.ts';

interface Created {
  trackingCode: string;
  receivedAt: string;
}

interface Public {
  status: string;
  timeline: { status: string; note: string | null }[];
}

async function complaintId(code: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id FROM complaints WHERE tracking_code = ?1')
    .bind(code.replaceAll('-', ''))
    .first<{ id: string }>();
  return row!.id;
}

describe('forwarding from complaint intake', () => {
  it('delivers a new complaint right after answering, and the public timeline shows it', async () => {
    const office = await newReceiver();
    const settings = {
      FORWARD_WEBHOOK_URL: `${office.url}/hook`,
      FORWARD_WEBHOOK_SECRET: SECRET,
      FORWARD_TIMEOUT_MS: '2000',
    };
    const api = apiWith(settings as Partial<Env>);
    const mark = marker();
    const started = Date.now();
    const res = await api('/api/complaints', jsonInit(validComplaint(mark)));
    const latency = Date.now() - started; // includes the waitUntil delivery
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as Created;

    const reqs = await office.requests();
    expect(reqs).toHaveLength(1);
    expect(await signatureValid(reqs[0]!)).toBe(true);
    const body = JSON.parse(reqs[0]!.body) as { complaint: Record<string, unknown> };
    expect(body.complaint).toMatchObject({
      trackingCodeText: trackingCode,
      category: { key: 'dust', label: '扬尘' },
      placeType: { key: 'construction_site', label: '工地' },
      contact: { name: '测试王先生', phone: '13812345678' },
    });
    expect(String(body.complaint.description)).toContain(mark);
    expect(String(body.complaint.statusUrl)).toBe(`http://localhost:8787/complaint/status/?code=${trackingCode}`);

    const pub = await api(`/api/complaints/${trackingCode}`, {});
    const p = (await pub.json()) as Public;
    expect(p.status).toBe('forwarded');
    expect(p.timeline.map((e) => e.status)).toEqual(['received', 'forwarded']);
    expect(p.timeline[1]!.note).toBe('已转交区网格办');
    console.log(`intake answer + immediate webhook delivery: ${latency} ms`);
  });

  it('stores the complaint while the office is down and the cron delivers it once it is back', async () => {
    const office = await newReceiver({ down: true });
    const settings = {
      FORWARD_WEBHOOK_URL: `${office.url}/hook`,
      FORWARD_WEBHOOK_SECRET: SECRET,
      FORWARD_TIMEOUT_MS: '2000',
    };
    const api = apiWith(settings as Partial<Env>);
    const res = await api('/api/complaints', jsonInit(validComplaint(marker())));
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as Created;
    const id = await complaintId(trackingCode);
    const [d] = await deliveriesOf(id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });

    await office.up();
    const due = new Date(Date.parse(d!.next_attempt_at));
    await runDueDeliveries({ ...env, ...settings } as Env, { clock: () => due });
    expect((await deliveriesOf(id))[0]!.status).toBe('delivered');
    expect(await office.requests()).toHaveLength(1);
    const p = (await (await api(`/api/complaints/${trackingCode}`, {})).json()) as Public;
    expect(p.timeline.map((e) => e.status)).toEqual(['received', 'forwarded']);
  });
});
