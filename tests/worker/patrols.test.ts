/**
 * The patrol log through the real Worker and the real D1 (issue 14): a grid member records a
 * patrol for their village; findings rectified on the spot are kept with their note, findings
 * that open a case land in the office's queue with source 网格巡查; a patrol sent twice (an
 * offline phone retrying) is stored once; scope and input errors are refused with the field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { rosterIndex } from '../../domain/roster/current.ts';
import { todayInChina } from '../../domain/workdays.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import { isoWeekOf } from '../../domain/patrols.ts';
import { seedStaff, staffHeaders } from '../support/staff-tokens.ts';
import { staffCall, staffOf } from './cases-support.ts';
import type { StaffMember } from '../../functions/staff/identity.ts';
import { recordPatrol } from '../../functions/patrols/record.ts';
import { preparePhoto } from '../../domain/photos.ts';
import { SENTINELS, taggedTinyJpeg } from '../support/photo-bytes.ts';

const sub = rosterIndex.roster.towns.flatMap((t) => t.subLeaders.map((s) => ({ ...s, townId: t.id })))[0]!;
const [ownVillage, secondVillage] = sub.villages as [string, string];
const foreignVillage = rosterIndex.roster.villages.find((v) => !sub.villages.includes(v.id))!.id;

const grid: StaffMember = {
  email: 'grid-sub.patrols@example.org',
  name: '示例·分网格长',
  role: 'grid',
  scope: `sub:${sub.id}`,
};
const supervisor: StaffMember = {
  email: 'grid-village.patrols@example.org',
  name: '示例·网格监督员',
  role: 'grid',
  scope: `village:${foreignVillage}`,
};
const cast = staffOf('patrols');

beforeAll(() => seedStaff(env.DB, [grid, supervisor, ...Object.values(cast)]));

const today = todayInChina();

function patrol(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: crypto.randomUUID(),
    villageId: ownVillage,
    date: today,
    checked: ['construction_site', 'restaurant', 'river'],
    findings: [],
    ...over,
  };
}

const rowCount = async (sql: string, ...params: string[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;

describe('recording a patrol', () => {
  it('stores a patrol with nothing found', async () => {
    const body = patrol();
    const r = await staffCall(grid, '/patrols', body);
    expect(r.status).toBe(201);
    const row = await env.DB.prepare('SELECT * FROM patrols WHERE id = ?1')
      .bind(r.json.id as string)
      .first();
    expect(row).toMatchObject({
      person: sub.id,
      staff_email: grid.email,
      town_id: sub.townId,
      village_id: ownVillage,
      patrol_date: today,
      checked: JSON.stringify(['construction_site', 'restaurant', 'river']),
      finding_count: 0,
    });
  });

  it('opens a case with source 网格巡查 for a finding, and keeps a rectified one with its note', async () => {
    const mark = `巡查标记${crypto.randomUUID().slice(0, 8)}`;
    const r = await staffCall(
      grid,
      '/patrols',
      patrol({
        villageId: secondVillage,
        findings: [
          {
            category: 'cooking_fumes',
            placeType: 'restaurant',
            description: `烧烤摊油烟直排，未装净化器 ${mark}`,
            outcome: 'rectified',
            rectifyNote: '店主当场停用炭炉，承诺三日内安装净化器',
          },
          {
            category: 'dust',
            placeType: 'construction_site',
            address: '示例路 1 号工地',
            description: `工地裸土未覆盖，车辆出场未冲洗，扬尘明显 ${mark}`,
            outcome: 'case',
          },
        ],
      }),
    );
    expect(r.status).toBe(201);
    const cases = r.json.cases as { seq: number; trackingCode: string }[];
    expect(cases).toHaveLength(1);
    expect(cases[0]!.seq).toBe(2);

    const findings = await env.DB.prepare('SELECT * FROM patrol_findings WHERE patrol_id = ?1 ORDER BY seq')
      .bind(r.json.id as string)
      .all<Record<string, unknown>>();
    expect(findings.results).toMatchObject([
      { seq: 1, outcome: 'rectified', rectify_note: '店主当场停用炭炉，承诺三日内安装净化器', complaint_id: null },
      { seq: 2, outcome: 'case', rectify_note: null },
    ]);

    // The case is in the office's queue, source patrol, with the ledger's 'open' entry by the grid member.
    const code = cases[0]!.trackingCode;
    const queue = await staffCall(cast.office, `/cases?source=patrol`);
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.json.cases)).toContain(formatTrackingCode(code));
    const detail = await staffCall(cast.office, `/cases/${code}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ source: 'patrol', state: 'new' });
    const open = await env.DB.prepare(
      `SELECT a.action, a.actor_email, a.actor_role, c.channel, c.village_id, k.source, k.version
       FROM complaints c JOIN cases k ON k.complaint_id = c.id JOIN case_actions a ON a.complaint_id = c.id
       WHERE c.tracking_code = ?1`,
    )
      .bind(code)
      .first();
    expect(open).toMatchObject({
      action: 'open',
      actor_email: grid.email,
      actor_role: 'grid',
      channel: 'patrol',
      village_id: secondVillage,
      source: 'patrol',
      version: 1,
    });
    // Only the finding marked as a case became one.
    expect(await rowCount("SELECT count(*) AS n FROM complaints WHERE description LIKE '%' || ?1", mark)).toBe(1);
  });

  it('stores a patrol sent twice once (the offline phone retrying), with its case once', async () => {
    const mark = `重发标记${crypto.randomUUID().slice(0, 8)}`;
    const body = patrol({
      findings: [
        {
          category: 'garbage',
          placeType: 'river',
          description: `河道边堆放建筑垃圾约两车 ${mark}`,
          outcome: 'case',
        },
      ],
    });
    const [a, b] = await Promise.all([staffCall(grid, '/patrols', body), staffCall(grid, '/patrols', body)]);
    const third = await staffCall(grid, '/patrols', body);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(third.status).toBe(200);
    expect(a.json.id).toBe(b.json.id);
    expect(third.json).toMatchObject({ id: a.json.id, created: false, cases: a.json.cases });
    expect(
      await rowCount('SELECT count(*) AS n FROM patrols WHERE idempotency_key = ?1', body.idempotencyKey as string),
    ).toBe(1);
    expect(await rowCount("SELECT count(*) AS n FROM complaints WHERE description LIKE '%' || ?1", mark)).toBe(1);

    // The same key with other content is not a resend.
    const other = await staffCall(grid, '/patrols', { ...body, checked: ['street'] });
    expect(other.status).toBe(422);
    expect(other.json.errors?.[0]?.field).toBe('idempotencyKey');
  });

  it('writes nothing when one case finding is invalid (the batch is whole or nothing)', async () => {
    const body = patrol({
      findings: [
        { category: 'dust', placeType: 'street', description: '道路扬尘严重，清扫车未作业', outcome: 'case' },
        { category: 'sewage', placeType: 'river', description: '污水', outcome: 'case' },
      ],
    });
    const r = await staffCall(grid, '/patrols', body);
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0]?.field).toBe('findings.1.description');
    expect(
      await rowCount('SELECT count(*) AS n FROM patrols WHERE idempotency_key = ?1', body.idempotencyKey as string),
    ).toBe(0);
  });
});

describe('who may record where', () => {
  it('refuses a village outside the member’s scope, naming the field', async () => {
    const r = await staffCall(grid, '/patrols', patrol({ villageId: foreignVillage }));
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ field: 'villageId' })]);
    // A village supervisor records their own village, counted under their email.
    const own = await staffCall(supervisor, '/patrols', patrol({ villageId: foreignVillage }));
    expect(own.status).toBe(201);
    const row = await env.DB.prepare('SELECT person FROM patrols WHERE id = ?1')
      .bind(own.json.id as string)
      .first();
    expect(row).toEqual({ person: supervisor.email });
  });

  it('refuses staff without a grid scope (403) and anyone not signed in (401)', async () => {
    expect((await staffCall(cast.office, '/patrols', patrol())).status).toBe(403);
    expect((await staffCall(cast.town, '/patrols', patrol())).status).toBe(403);
    const anon = await exports.default.fetch('http://envgrid.test/api/staff/patrols', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patrol()),
    });
    expect(anon.status).toBe(401);
    const list = await exports.default.fetch('http://envgrid.test/api/staff/patrols');
    expect(list.status).toBe(401);
  });

  it('refuses a future date and one too late to report, and an empty patrol', async () => {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const old = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    for (const date of [tomorrow, old, '2026-13-45', '']) {
      const r = await staffCall(grid, '/patrols', patrol({ date }));
      expect(r.status, date).toBe(400);
      expect(r.json.errors?.[0]?.field).toBe('date');
    }
    const empty = await staffCall(grid, '/patrols', patrol({ checked: [] }));
    expect(empty.json.errors?.[0]).toMatchObject({ field: 'checked' });
    const bad = await staffCall(grid, '/patrols', patrol({ checked: ['airport'] }));
    expect(bad.json.errors?.[0]?.message).toContain('airport');
  });

  it('a grid member sees no cases of the desk', async () => {
    const r = await staffCall(grid, '/cases');
    expect(r.status).toBe(200);
    expect(r.json.count).toBe(0);
  });

  it('lists the member’s own patrols', async () => {
    const res = await exports.default.fetch('http://envgrid.test/api/staff/patrols', {
      headers: await staffHeaders(supervisor.email),
    });
    const json = (await res.json()) as { patrols: { staffEmail: string }[] };
    expect(json.patrols.length).toBeGreaterThan(0);
    expect(json.patrols.every((p) => p.staffEmail === supervisor.email)).toBe(true);
  });
});

describe('the frequency check for the office', () => {
  it('counts this week’s patrols per 分网格长 and village; only the office and viewers may read it', async () => {
    const { year, week } = isoWeekOf(today);
    const period = `${year}-W${String(week).padStart(2, '0')}`;
    // A week still running is judged on the days passed: 分网格长 rows come once it has ended.
    const r = await staffCall(cast.office, `/patrols/check?period=${period}`);
    expect(r.status).toBe(200);
    const rows = r.json.rows as { level: string; place: string; actual: number }[];
    expect(rows.find((x) => x.level === 'village' && x.place === ownVillage)?.actual).toBeGreaterThanOrEqual(1);
    expect((await staffCall(cast.viewer, `/patrols/check?period=${period}`)).status).toBe(200);
    expect((await staffCall(grid, `/patrols/check?period=${period}`)).status).toBe(403);
    const bad = await staffCall(cast.office, '/patrols/check?period=2026-49');
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.[0]?.field).toBe('period');
  });
});

describe('photos taken on a patrol', () => {
  it('stores them stripped with the patrol, and a resend stores neither the patrol nor its photos again', async () => {
    const body = patrol();
    const photo = preparePhoto(taggedTinyJpeg(), 0);
    const before = (await env.PHOTOS.list({ prefix: 'photos/' })).objects.length;
    const first = await recordPatrol(env, grid, body, new Date(), [photo]);
    expect(first).toMatchObject({ ok: true, created: true });
    const id = (first as { id: string }).id;
    const rows = await env.DB.prepare(
      "SELECT r2_key, content_type FROM photos WHERE owner_kind = 'patrol' AND owner_id = ?1",
    )
      .bind(id)
      .all<{ r2_key: string; content_type: string }>();
    expect(rows.results).toHaveLength(1);
    const object = await env.PHOTOS.get(rows.results[0]!.r2_key);
    const text = new TextDecoder('latin1').decode(await object!.arrayBuffer());
    for (const s of SENTINELS.filter((x) => /^[\x00-\x7f]*$/.test(x))) expect(text).not.toContain(s);

    const again = await recordPatrol(env, grid, body, new Date(), [preparePhoto(taggedTinyJpeg(), 0)]);
    expect(again).toMatchObject({ ok: true, created: false, id });
    expect(await rowCount("SELECT count(*) AS n FROM photos WHERE owner_kind = 'patrol' AND owner_id = ?1", id)).toBe(
      1,
    );
    // The resend's object never got a row and is gone again (or the orphan cleanup takes it).
    expect((await env.PHOTOS.list({ prefix: 'photos/' })).objects.length).toBe(before + 1);
  });
});
