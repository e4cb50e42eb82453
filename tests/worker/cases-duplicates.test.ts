/**
 * Duplicate suggestions (并单) and the 反复举报 flag on the real Worker with a
 * real D1: hand-made cases around one case — the same problem inside the
 * 30-day window (one exactly at its edge), one a minute outside it, another
 * category, another village, an ended case — then merges with the case
 * desk's own `merge` action until the problem counts three reports.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import type { ComplaintRow } from '../../functions/forwarding/message.ts';
import { complaintStatements, sampleComplaint } from '../support/complaints.ts';
import { seedStaff } from '../support/staff-tokens.ts';
import { act, seedCast, staffCall, staffOf } from './cases-support.ts';

const cast = staffOf('dups');
const laozhuangzi = {
  email: 'laozhuangzi.dups@example.org',
  name: '示例·老庄子镇网格办',
  role: 'town',
  scope: 'laozhuangzi',
} as const;
const DAY = 86_400_000;
/** The case the suggestions are for: ten days ago, so a case opened today is inside its window. */
const T = Date.now() - 10 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

async function store(over: Partial<ComplaintRow>): Promise<ComplaintRow> {
  const c = sampleComplaint(over);
  await env.DB.batch(complaintStatements(env.DB, c));
  return c;
}

const code = (c: ComplaintRow) => formatTrackingCode(c.tracking_code);
type Detail = {
  duplicates: { trackingCode: string; daysApart: number; reports: number }[];
  reports: number;
  repeatReport: boolean;
};
const detail = async (c: ComplaintRow, who = cast.office) =>
  (await staffCall(who, `/cases/${c.tracking_code}`)).json as unknown as Detail;

const k: Record<string, ComplaintRow> = {};

beforeAll(async () => {
  await seedCast(cast);
  await seedStaff(env.DB, [laozhuangzi]);
  k.target = await store({ received_at: iso(T) });
  k.near = await store({ received_at: iso(T + 2 * DAY) });
  k.edge = await store({ received_at: iso(T - 30 * DAY) });
  k.outside = await store({ received_at: iso(T - 30 * DAY - 60_000) });
  k.otherCategory = await store({ received_at: iso(T + DAY), category: 'noise' });
  k.otherVillage = await store({ received_at: iso(T + DAY), village_id: 'xiaozhuang' });
  k.ended = await store({ received_at: iso(T + DAY) });
  const r = await act(cast.office, k.ended.tracking_code, {
    action: 'reject',
    reason: '示例：不属于环境问题',
    redirectTo: '示例部门',
  });
  expect(r.status).toBe(200);
});

describe('duplicate suggestions', () => {
  it('offers the same problem within the window, closest first, and not one a minute outside it', async () => {
    const d = await detail(k.target!);
    expect(d.duplicates.map((x) => x.trackingCode)).toEqual([code(k.near!), code(k.edge!)]);
    expect(d.duplicates.map((x) => x.daysApart)).toEqual([2, 30]);
    // From the other side of the window the minute counts the other way: the edge case sees the outside one.
    expect((await detail(k.outside!)).duplicates.map((x) => x.trackingCode)).toContain(code(k.edge!));
    expect((await detail(k.outside!)).duplicates.map((x) => x.trackingCode)).not.toContain(code(k.target!));
  });

  it('counts them in the case list, for the office only', async () => {
    const list = (await staffCall(cast.office, `/cases?q=${k.target!.tracking_code}`)).json as unknown as {
      cases: { trackingCode: string; duplicates: number }[];
    };
    expect(list.cases).toEqual([expect.objectContaining({ trackingCode: code(k.target!), duplicates: 2 })]);
    expect((await detail(k.target!, cast.viewer)).duplicates).toHaveLength(2);
    // The case's town sees it but takes no merge decision: no suggestions.
    const town = await staffCall(laozhuangzi, `/cases/${k.target!.tracking_code}`);
    expect(town.status).toBe(200);
    expect((town.json as unknown as Detail).duplicates).toEqual([]);
  });

  it('suggests duplicates when the office opens a case', async () => {
    const res = await staffCall(cast.office, '/cases', {
      source: 'patrol',
      category: 'dust',
      placeType: 'construction_site',
      townId: 'laozhuangzi',
      villageId: 'dazhuang',
      address: '示例：大庄村东口',
      description: '示例：巡查发现工地土堆没有苫盖，扬尘明显。',
      anonymous: true,
    });
    expect(res.status).toBe(201);
    const opened = res.json as unknown as Detail & { trackingCode: string };
    expect(opened.duplicates.map((x) => x.trackingCode)[0]).toBe(code(k.near!));
    expect(opened.duplicates.map((x) => x.trackingCode)).toContain(code(k.target!));
    expect(opened.duplicates.map((x) => x.trackingCode)).not.toContain(code(k.ended!));
    k.opened = { ...k.target!, tracking_code: opened.trackingCode.replaceAll('-', '') };
  });
});

describe('merging and the 反复举报 flag', () => {
  it('merges with one action; three reports of an open problem make it 反复举报, in the list and on the case', async () => {
    expect((await act(cast.office, k.near!.tracking_code, { action: 'merge', into: code(k.target!) })).status).toBe(
      200,
    );
    let d = await detail(k.target!);
    expect(d).toMatchObject({ reports: 2, repeatReport: false });
    expect(d.duplicates.map((x) => x.trackingCode)).not.toContain(code(k.near!));
    expect((await act(cast.office, k.opened!.tracking_code, { action: 'merge', into: code(k.target!) })).status).toBe(
      200,
    );
    d = await detail(k.target!);
    expect(d).toMatchObject({ reports: 3, repeatReport: true });
    const list = (await staffCall(cast.office, `/cases?q=${k.target!.tracking_code}`)).json as unknown as {
      cases: { repeatReport: boolean; reports: number }[];
    };
    expect(list.cases[0]).toMatchObject({ repeatReport: true, reports: 3 });
  });

  it('drops the flag once the problem is closed', async () => {
    const r = await act(cast.office, k.target!.tracking_code, {
      action: 'reject',
      reason: '示例：已由其他渠道处理',
      redirectTo: '示例部门',
    });
    expect(r.status).toBe(200);
    expect(await detail(k.target!)).toMatchObject({ reports: 3, repeatReport: false, duplicates: [] });
  });
});
