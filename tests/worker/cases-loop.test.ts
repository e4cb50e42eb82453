/**
 * The case loop end to end through the real Worker, real D1 and real token
 * signatures: a citizen's complaint from 交办 to 销号 with the public GET
 * showing each public step, and closing starting the retention purge.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import worker from './entry.ts';
import { RETENTION } from '../../domain/complaint.ts';
import { PUBLIC_COMPLAINT_KEYS, town } from './support/complaints.ts';
import { act, fileComplaint, inAWeek, publicSteps, publicView, seedCast, staffCall, staffOf } from './cases-support.ts';

const cast = staffOf('loop');
beforeAll(() => seedCast(cast));

const DAY = 86_400_000;

describe('assign → accept → progress → feedback → verify(fail) → feedback → verify(pass)', () => {
  it('moves the case through every step, shows the citizen each public step, and closing starts the purge', async () => {
    const code = await fileComplaint();
    const rectifyBy = inAWeek();
    expect(await publicSteps(code)).toEqual(['received']);

    // The office sees the complaint with the complainant's contact; the town does not yet.
    const first = await staffCall(cast.office, `/cases/${code}`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ state: 'new', contact: { name: '测试王先生', phone: '13812345678' } });
    expect(first.json.allowedActions).toEqual([
      { action: 'assign', label: '交办' },
      { action: 'reject', label: '不予受理' },
      { action: 'merge', label: '并单' },
    ]);
    expect((first.json.clocks as { kind: string }[]).map((k) => k.kind)).toEqual(['assign']);

    const assigned = await act(cast.office, code, {
      action: 'assign',
      lead: `town:${town.id}`,
      coHandlers: ['department:sthj'],
      rectifyBy,
      internalNote: '内部：请重点查看围挡',
      publicNote: '已安排属地和生态环境分局联合查处',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({
      state: 'assigned',
      lead: { unit: `town:${town.id}`, name: town.name },
      coHandlers: [{ unit: 'department:sthj', name: '生态环境分局' }],
      rectifyBy,
      contactShared: false,
    });
    expect(assigned.json.jointDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    let pub = await publicView(code);
    expect(pub.status).toBe('assigned');
    expect(pub.timeline.at(-1)).toMatchObject({
      status: 'assigned',
      note: `承办单位：${town.name}\n已安排属地和生态环境分局联合查处`,
    });

    // Contact details are not shared with the handler unless the office ticked it.
    const townView = await staffCall(cast.town, `/cases/${code}`);
    expect(townView.json).toMatchObject({ contact: null, complaint: { description: expect.any(String) } });

    expect((await act(cast.town, code, { action: 'accept' })).status).toBe(200);
    const progress = await act(cast.sthj, code, {
      action: 'progress',
      internalNote: '已现场检查，施工方答应三日内覆盖',
      publicNote: '已到现场检查，责令施工单位覆盖裸土',
    });
    expect(progress.status).toBe(200);
    // A progress note without a public part stays internal.
    expect((await act(cast.town, code, { action: 'progress', internalNote: '内部：约谈项目经理' })).status).toBe(200);
    expect((await act(cast.town, code, { action: 'feedback', internalNote: '已覆盖防尘网' })).status).toBe(200);

    const failed = await act(cast.office, code, {
      action: 'verify',
      outcome: 'fail',
      internalNote: '复查发现东侧仍有裸土',
      publicNote: '复查发现仍有未覆盖的裸土，已要求继续整改',
    });
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({ state: 'accepted' });
    expect((await act(cast.town, code, { action: 'feedback', internalNote: '东侧已全部覆盖' })).status).toBe(200);
    const passed = await act(cast.office, code, {
      action: 'verify',
      outcome: 'pass',
      publicNote: '现场复核已整改到位',
    });
    expect(passed.status).toBe(200);
    expect(passed.json).toMatchObject({ state: 'closed', clocks: [], allowedActions: [] });

    // The ledger: every action with who and when, in order.
    const ledger = passed.json.actions as { seq: number; action: string; actor: { email: string } }[];
    expect(ledger.map((a) => [a.seq, a.action, a.actor.email])).toEqual([
      [1, 'assign', cast.office.email],
      [2, 'accept', cast.town.email],
      [3, 'progress', cast.sthj.email],
      [4, 'progress', cast.town.email],
      [5, 'feedback', cast.town.email],
      [6, 'verify', cast.office.email],
      [7, 'feedback', cast.town.email],
      [8, 'verify', cast.office.email],
    ]);

    // The citizen sees each public step, and only public notes.
    pub = await publicView(code);
    expect(Object.keys(pub).sort()).toEqual(PUBLIC_COMPLAINT_KEYS);
    expect(pub.status).toBe('closed');
    expect(pub.timeline.map((e) => e.status)).toEqual([
      'received',
      'assigned',
      'accepted',
      'progress',
      'feedback',
      'verify_failed',
      'feedback',
      'verified',
      'closed',
    ]);
    const text = JSON.stringify(pub);
    for (const secret of [
      '内部',
      '约谈项目经理',
      '东侧已全部覆盖',
      '复查发现东侧',
      '测试王先生',
      '13812345678',
      '@example.org',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('已到现场检查，责令施工单位覆盖裸土');
    expect(text).toContain('现场复核已整改到位');

    // Closing starts the retention periods: the hourly cron purges the contact after the stated months.
    const closedAt = Date.parse((passed.json.closedAt as string) ?? '');
    const tick = async (at: number) => {
      const t = new Date(at);
      t.setUTCMinutes(7, 0, 0);
      const ctx = createExecutionContext();
      worker.scheduled(createScheduledController({ scheduledTime: t, cron: '* * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    const contact = () =>
      env.DB.prepare('SELECT contact_name, contact_phone, description FROM complaints WHERE tracking_code = ?1')
        .bind(code)
        .first<{ contact_name: string | null; contact_phone: string | null; description: string }>();
    await tick(closedAt + 2 * DAY);
    expect((await contact())!.contact_phone).toBe('13812345678');
    await tick(closedAt + (RETENTION.contactMonthsAfterClose * 31 + 2) * DAY);
    expect(await contact()).toMatchObject({ contact_name: null, contact_phone: null });
    expect((await contact())!.description).not.toBe('');
  }, 60_000); // a dozen staff calls in sequence: over 5 s on a busy machine

  it('shares the contact with the handlers when the office ticks it, and never with a viewer', async () => {
    const code = await fileComplaint();
    const r = await act(cast.office, code, {
      action: 'assign',
      lead: 'department:cjj',
      rectifyBy: inAWeek(),
      shareContact: true,
    });
    expect(r.status).toBe(200);
    expect(r.json.jointDate).toBeNull();
    expect((await staffCall(cast.cjj, `/cases/${code}`)).json.contact).toEqual({
      name: '测试王先生',
      phone: '13812345678',
    });
    expect((await staffCall(cast.viewer, `/cases/${code}`)).json.contact).toBeNull();
    // The complaint's town sees it (its town) but is no handler: no contact.
    expect((await staffCall(cast.town, `/cases/${code}`)).json.contact).toBeNull();
  });
});
