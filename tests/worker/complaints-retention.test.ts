import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import worker from './entry.ts';
import { RETENTION } from '../../domain/complaint.ts';
import { purgeExpired } from '../../functions/complaints/retention.ts';
import { marker, postJson, validComplaint } from './support/complaints.ts';

interface Row {
  contact_name: string | null;
  contact_phone: string | null;
  description: string;
  address: string | null;
  ip_hash: string | null;
  category: string;
  routing: string;
}

async function file(mark: string): Promise<string> {
  const res = await postJson(validComplaint(mark));
  expect(res.status).toBe(201);
  return ((await res.json()) as { trackingCode: string }).trackingCode.replaceAll('-', '');
}

/** Records a 'closed' step for a complaint at `at` (later issues will do this through the office's tools). */
async function close(code: string, at: Date) {
  await env.DB.prepare(
    `INSERT INTO complaint_events (complaint_id, at, status, note, actor)
     SELECT id, ?2, 'closed', '已办结', 'office' FROM complaints WHERE tracking_code = ?1`,
  )
    .bind(code, at.toISOString())
    .run();
}

const row = (code: string) =>
  env.DB.prepare(
    'SELECT contact_name, contact_phone, description, address, ip_hash, category, routing FROM complaints WHERE tracking_code = ?1',
  )
    .bind(code)
    .first<Row>();

const DAY = 86_400_000;

describe('retention of private data', () => {
  it('keeps everything while the periods have not passed', async () => {
    const code = await file(marker());
    await close(code, new Date());
    await purgeExpired(env.DB, new Date(Date.now() + DAY));
    const r = await row(code);
    expect(r!.contact_phone).toBe('13812345678');
    expect(r!.description).not.toBe('');
    expect(r!.ip_hash).not.toBeNull();
  });

  it('deletes contact details, then description and address, after the stated periods; IP hashes after 30 days', async () => {
    const open = await file(marker());
    const closed = await file(marker());
    const closedAt = new Date();
    await close(closed, closedAt);

    const afterIp = new Date(Date.now() + (RETENTION.ipHashDays + 1) * DAY);
    await purgeExpired(env.DB, afterIp);
    expect((await row(open))!.ip_hash).toBeNull();
    expect((await row(closed))!.contact_phone).toBe('13812345678');

    const afterContact = new Date(closedAt.getTime() + (RETENTION.contactMonthsAfterClose * 31 + 1) * DAY);
    await purgeExpired(env.DB, afterContact);
    expect(await row(closed)).toMatchObject({ contact_name: null, contact_phone: null });
    expect((await row(closed))!.description).not.toBe('');
    expect((await row(open))!.contact_phone).toBe('13812345678');

    const afterDetail = new Date(closedAt.getTime() + (RETENTION.detailYearsAfterClose * 366 + 1) * DAY);
    await purgeExpired(env.DB, afterDetail);
    const gone = await row(closed);
    expect(gone).toMatchObject({ description: '', address: null, category: 'dust' });
    expect(JSON.parse(gone!.routing).town).toBeDefined();
    expect((await row(open))!.description).not.toBe('');
  });

  it('runs from the cron handler once an hour', async () => {
    const code = await file(marker());
    await env.DB.prepare("UPDATE complaints SET received_at = '2000-01-01T00:00:00.000Z' WHERE tracking_code = ?1")
      .bind(code)
      .run();
    const tick = async (at: string) => {
      const ctx = createExecutionContext();
      worker.scheduled(createScheduledController({ scheduledTime: new Date(at), cron: '* * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await tick('2026-11-26T10:06:00Z');
    expect((await row(code))!.ip_hash).not.toBeNull();
    await tick('2026-11-26T10:07:00Z');
    expect((await row(code))!.ip_hash).toBeNull();
  });
});
