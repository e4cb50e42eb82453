/**
 * /api/staff/roster: proposing and deciding roster changes in the real Worker with the real D1
 * and migrations, signed in with real staff tokens. Roles and scopes are enforced on the server,
 * every step is an event, and a refused request changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { seedStaff, staffHeaders } from '../support/staff-tokens.ts';
import { seedCast, staffCall, staffOf } from './cases-support.ts';
import { town } from './support/complaints.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import type { StaffMember } from '../../functions/staff/identity.ts';
import { rosterDueReminders } from '../../functions/roster/console/reminders.ts';
import { rosterWorkCalendar } from '../../domain/roster/current.ts';

/** Per-test budget: the first edit loads and checks the whole roster, slow on a busy machine. */
const BUDGET_MS = 30_000;

const cast = staffOf('roster');
const office2: StaffMember = {
  email: 'office2.roster@example.org',
  name: '示例·区网格办审核员',
  role: 'office',
  scope: null,
};
beforeAll(async () => {
  await seedCast(cast);
  await seedStaff(env.DB, [office2]);
});

const MALINA = { name: '马丽娜', phone: '13800000099', role: '网格监督员', fullTime: 'true' };
const replaceInDongxing = (over: Record<string, unknown> = {}) => ({
  kind: 'replace-person',
  target: 'villages/dongxing/supervisors/0',
  values: MALINA,
  effective: '2026-12-01',
  summary: '东兴社区专职网格监督员调整（示例）',
  ...over,
});

/** Every proposal row and event, to show a refused request left D1 as it was. */
async function everything(): Promise<string> {
  const [p, e] = await env.DB.batch([
    env.DB.prepare('SELECT * FROM roster_proposals ORDER BY id'),
    env.DB.prepare('SELECT * FROM roster_proposal_events ORDER BY id'),
  ]);
  return JSON.stringify([p!.results, e!.results]);
}

interface Proposal {
  id: string;
  state: string;
  town: string | null;
  files: { path: string; content: string; base: string | null }[];
  change: { id: string; scope: string[]; summary: string; effective: string };
  diff: { place: string; text: string }[];
  events: { actor: string; action: string; note: string | null }[];
}
const proposalOf = (r: { json: Record<string, unknown> }) => r.json.proposal as Proposal;

describe('proposals', { timeout: BUDGET_MS }, () => {
  it('a town member proposes for their own town; the office approves; all of it recorded in D1', async () => {
    expect(town.id).toBe('jiedao');
    const preview = await staffCall(cast.town, '/roster/proposals', { ...replaceInDongxing(), preview: true });
    expect(preview.status).toBe(200);
    const draft = preview.json.draft as { diff: { place: string; text: string }[] };
    expect(draft.diff[0]).toMatchObject({ place: '东兴社区', text: expect.stringContaining('冯秀兰 → 马丽娜') });

    const before = await everything();
    const made = await staffCall(cast.town, '/roster/proposals', replaceInDongxing());
    expect(made.status).toBe(201);
    const p = proposalOf(made);
    expect(p).toMatchObject({ state: 'proposed', town: 'jiedao' });
    expect(await everything()).not.toBe(before);

    const row = await env.DB.prepare('SELECT * FROM roster_proposals WHERE id = ?1')
      .bind(p.id)
      .first<Record<string, string>>();
    expect(row).toMatchObject({
      kind: 'replace-person',
      state: 'proposed',
      proposed_by: cast.town.email,
      effective: '2026-12-01',
    });
    const files = JSON.parse(row!.files!) as Proposal['files'];
    expect(files.map((f) => f.path)).toEqual(['villages/dongxing.yaml']);
    expect(files[0]!.content).toContain('name: 马丽娜');
    // The base is the sha256 of the file as this Worker was built from it (the publisher compares it).
    const built = (await import('virtual:envgrid/roster-files')).default;
    expect(files[0]!.base).toBe(await sha256Hex(built['villages/dongxing.yaml']!));
    expect(JSON.parse(row!.change_record!)).toEqual({
      id: p.change.id,
      effective: '2026-12-01',
      scope: ['villages/dongxing'],
      summary: '东兴社区专职网格监督员调整（示例）',
    });

    const approved = await staffCall(office2, `/roster/proposals/${p.id}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(proposalOf(approved).state).toBe('approved');
    expect(proposalOf(approved).events.map((e) => [e.action, e.actor])).toEqual([
      ['propose', cast.town.email],
      ['approve', office2.email],
    ]);
    const decided = await env.DB.prepare('SELECT state, decided_by, decided_at FROM roster_proposals WHERE id = ?1')
      .bind(p.id)
      .first<Record<string, string>>();
    expect(decided).toMatchObject({ state: 'approved', decided_by: office2.email });
    // Decided once: a second decision is refused and writes nothing.
    const after = await everything();
    expect(
      (await staffCall(cast.office, `/roster/proposals/${p.id}/decision`, { decision: 'return', note: '重复' })).status,
    ).toBe(409);
    expect(await everything()).toBe(after);

    // The next draft takes the next change id: the approved one is not yet in the roster as built.
    const next = await staffCall(cast.town, '/roster/proposals', { ...replaceInDongxing(), preview: true });
    expect((next.json.draft as { change: { id: string } }).change.id > p.change.id).toBe(true);
  });

  it('refuses a town proposing for another town, departments and viewers (403), changing nothing', async () => {
    const before = await everything();
    const foreign = await staffCall(cast.otherTown, '/roster/proposals', replaceInDongxing());
    expect(foreign).toEqual({ status: 403, json: { error: '镇（办事处）工作人员只能提出本镇（办事处）名册的修改' } });
    // …also when the target is another town's (a new village under jiedao) or district-wide (a department).
    expect(
      (
        await staffCall(cast.otherTown, '/roster/proposals', {
          kind: 'add-village',
          target: 'towns/jiedao',
          values: { id: 'shili', name: '示例村', kind: 'village', leaderName: '示例' },
          effective: '2026-12-01',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await staffCall(cast.town, '/roster/proposals', {
          kind: 'department',
          target: 'departments/sthj',
          values: { duties: '示例' },
          effective: '2026-12-01',
        })
      ).status,
    ).toBe(403);
    for (const who of [cast.sthj, cast.viewer]) {
      const r = await staffCall(who, '/roster/proposals', replaceInDongxing());
      expect(r.status).toBe(403);
      expect((await staffCall(who, '/roster/proposals')).status).toBe(200); // they read
    }
    expect(await everything()).toBe(before);
  });

  it("refuses an office member approving their own proposal while ROSTER_SECOND_APPROVAL is on; a town can't decide", async () => {
    const made = await staffCall(cast.office, '/roster/proposals', {
      kind: 'department',
      target: 'departments/sthj',
      values: {
        duties: '示例职责一\n示例职责二',
        liaisonName: '示例联络人',
        liaisonPhone: '13800000312',
        liaisonEmail: 'sthj-sample@example.gov.cn',
      },
      effective: '2026-12-01',
      summary: '生态环境分局职责调整（示例）',
    });
    expect(made.status).toBe(201);
    const p = proposalOf(made);
    expect(p.town).toBeNull();
    const before = await everything();
    expect(await staffCall(cast.office, `/roster/proposals/${p.id}/decision`, { decision: 'approve' })).toEqual({
      status: 403,
      json: { error: '区网格办本人提出的修改，须由区网格办另一位工作人员审批' },
    });
    expect((await staffCall(cast.town, `/roster/proposals/${p.id}/decision`, { decision: 'approve' })).status).toBe(
      403,
    );
    expect((await staffCall(cast.viewer, `/roster/proposals/${p.id}/decision`, { decision: 'approve' })).status).toBe(
      403,
    );
    expect(await everything()).toBe(before);
    // A return needs its reason; then it is recorded with the reason.
    expect(await staffCall(office2, `/roster/proposals/${p.id}/decision`, { decision: 'return' })).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'note', message: '请填写「退回理由」' }] },
    });
    const returned = await staffCall(office2, `/roster/proposals/${p.id}/decision`, {
      decision: 'return',
      note: '职责应按方案附件 3 填写',
    });
    expect(returned.status).toBe(200);
    expect(proposalOf(returned).events.at(-1)).toMatchObject({ action: 'return', note: '职责应按方案附件 3 填写' });
  });

  it('lets the proposer withdraw, and no one else', async () => {
    const p = proposalOf(await staffCall(cast.town, '/roster/proposals', replaceInDongxing()));
    expect((await staffCall(cast.office, `/roster/proposals/${p.id}/decision`, { decision: 'withdraw' })).status).toBe(
      403,
    );
    const w = await staffCall(cast.town, `/roster/proposals/${p.id}/decision`, { decision: 'withdraw' });
    expect(proposalOf(w).state).toBe('withdrawn');
  });
});

describe('bad input', { timeout: BUDGET_MS }, () => {
  it('answers every bad field with a Chinese message naming it, and saves nothing', async () => {
    const before = await everything();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [replaceInDongxing({ values: { ...MALINA, name: '' } }), 'name', /姓名/],
      [replaceInDongxing({ values: { ...MALINA, phone: 'abc' } }), 'phone', /电话/],
      [replaceInDongxing({ values: { ...MALINA, fullTime: 'x' } }), 'fullTime', /专职或兼职/],
      [replaceInDongxing({ effective: '2026-13-01' }), 'effective', /日期/],
      [replaceInDongxing({ summary: '长'.repeat(201) }), 'summary', /200/],
      [replaceInDongxing({ target: 'villages/dongxing/supervisors/99' }), 'target', /找不到/],
      [replaceInDongxing({ kind: 'rename-everything' }), 'kind', /没有这种修改/],
      [replaceInDongxing({ values: 'nonsense' }), 'fullTime', /专职或兼职/],
    ];
    for (const [body, field, message] of cases) {
      const r = await staffCall(cast.town, '/roster/proposals', body);
      expect(r.status, field).toBe(400);
      expect(r.json.errors?.[0]?.field, JSON.stringify(r.json)).toBe(field);
      expect(r.json.errors?.[0]?.message).toMatch(message);
    }
    const notJson = await exports.default.fetch('http://envgrid.test/api/staff/roster/proposals', {
      method: 'POST',
      headers: {
        ...(await staffHeaders(cast.town.email)),
        'content-type': 'text/plain',
        origin: 'http://envgrid.test',
      },
      body: 'kind=replace-person',
    });
    expect(notJson.status).toBe(415);
    const unsigned = await exports.default.fetch('http://envgrid.test/api/staff/roster/proposals');
    expect(unsigned.status).toBe(401);
    expect((await staffCall(cast.office, '/roster/proposals/not-an-id')).status).toBe(404);
    expect(
      (
        await staffCall(cast.office, '/roster/proposals/00000000-0000-0000-0000-000000000000/decision', {
          decision: 'approve',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await staffCall(cast.office, '/roster/proposals/00000000-0000-0000-0000-000000000000/decision', {
          decision: 'fly',
        })
      ).status,
    ).toBe(400);
    expect(await everything()).toBe(before);
  });
});

describe('due reminders for the digest', { timeout: BUDGET_MS }, () => {
  it('lists the changes due in five working days and due today', async () => {
    const today = '2026-12-02';
    // Effective dates whose due date falls five working days from today, and today.
    expect(rosterWorkCalendar.isWorkingDay(today)).toBe(true);
    const effectiveFor = (remaining: number) => {
      const target = remaining === 0 ? today : rosterWorkCalendar.addWorkingDays(today, remaining);
      let d = '2026-10-01';
      while (rosterWorkCalendar.addWorkingDays(d, 30) !== target) {
        d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      }
      return d;
    };
    const soon = proposalOf(
      await staffCall(cast.town, '/roster/proposals', replaceInDongxing({ effective: effectiveFor(5) })),
    );
    const due = effectiveFor(0);
    const dueToday = proposalOf(await staffCall(cast.town, '/roster/proposals', replaceInDongxing({ effective: due })));
    const r = await rosterDueReminders(env.DB, today);
    expect(r.dueSoon.map((x) => x.proposalId)).toContain(soon.id);
    expect(r.dueToday.map((x) => x.proposalId)).toContain(dueToday.id);
    expect(r.dueToday.every((x) => x.due === today)).toBe(true);
    expect(r.dueSoon.map((x) => x.proposalId)).not.toContain(dueToday.id);
  });
});
