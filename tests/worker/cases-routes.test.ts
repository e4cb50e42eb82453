/**
 * Return, reject and merge through the real Worker; the merged complaint's
 * public code follows its target case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { town } from './support/complaints.ts';
import { act, fileComplaint, inAWeek, publicSteps, publicView, seedCast, staffCall, staffOf } from './cases-support.ts';

const cast = staffOf('routes');
beforeAll(() => seedCast(cast));

const assign = (code: string, lead = `town:${town.id}`) =>
  act(cast.office, code, { action: 'assign', lead, rectifyBy: inAWeek() });

describe('return, reject and merge', () => {
  it('takes a case back to the office on a return (internal), then rejects it with the reason and where to go', async () => {
    const code = await fileComplaint();
    expect((await assign(code)).status).toBe(200);
    const missing = await act(cast.town, code, { action: 'return' });
    expect(missing).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'internalNote', message: '请填写退回理由' }] },
    });
    const returned = await act(cast.town, code, {
      action: 'return',
      internalNote: '不属于本镇辖区，位置在相邻镇',
      publicNote: '这段不应公开',
    });
    expect(returned.status).toBe(200);
    expect(returned.json).toMatchObject({ state: 'returned', lead: null, coHandlers: [], rectifyBy: null });
    expect((returned.json.clocks as { kind: string }[]).map((k) => k.kind)).toEqual(['assign']);
    // The town no longer handles it and may not act on it again.
    expect((await act(cast.town, code, { action: 'accept' })).status).toBe(403);
    // The return is internal: the citizen sees no step and no note.
    expect(await publicSteps(code)).toEqual(['received', 'assigned']);
    expect(JSON.stringify(await publicView(code))).not.toContain('不应公开');

    const rejected = await act(cast.office, code, {
      action: 'reject',
      reason: '反映的是劳资纠纷，不属于生态环境问题',
      redirectTo: '人力资源和社会保障局（劳动保障监察）',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ state: 'rejected', allowedActions: [], clocks: [] });
    const pub = await publicView(code);
    expect(pub.status).toBe('closed');
    expect(pub.timeline.slice(-2)).toEqual([
      {
        at: expect.any(String),
        status: 'rejected',
        note: '原因：反映的是劳资纠纷，不属于生态环境问题\n请向人力资源和社会保障局（劳动保障监察）反映',
      },
      { at: expect.any(String), status: 'closed', note: null },
    ]);
    // Finished: the office's own actions are refused with 409 and nothing left to do.
    expect(
      await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() }),
    ).toMatchObject({
      status: 409,
      json: { allowed: [] },
    });
  });

  it("merges a complaint into another case; the citizen's code then shows that case's progress", async () => {
    const source = await fileComplaint();
    const target = await fileComplaint();
    expect((await assign(target)).status).toBe(200);
    expect((await act(cast.office, source, { action: 'merge', into: source })).json.errors).toEqual([
      { field: 'into', message: '不能把案件并入它自己，请填写另一个案件的查询编号' },
    ]);
    expect((await act(cast.office, source, { action: 'merge', into: '2222-2222-2222' })).json.errors![0]!.field).toBe(
      'into',
    );
    const merged = await act(cast.office, source, { action: 'merge', into: target.toLowerCase() });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ state: 'merged', mergedInto: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) });
    expect((await staffCall(cast.office, `/cases/${target}`)).json.mergedFrom).toHaveLength(1);

    // A merged case cannot take more actions; a case with others merged in cannot be merged away.
    expect(
      (await act(cast.office, source, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() })).status,
    ).toBe(409);
    const third = await fileComplaint();
    expect((await act(cast.office, target, { action: 'merge', into: third })).json.errors![0]!.message).toContain(
      '已有其他投诉并入本案件',
    );
    expect((await act(cast.office, third, { action: 'merge', into: source })).json.errors![0]!.message).toContain(
      '已经结束',
    );

    // The target's later steps reach the merged complaint's citizen.
    expect((await act(cast.town, target, { action: 'accept', publicNote: '镇网格办已签收' })).status).toBe(200);
    expect((await act(cast.town, target, { action: 'feedback', internalNote: '已处理' })).status).toBe(200);
    expect((await act(cast.office, target, { action: 'verify', outcome: 'pass' })).status).toBe(200);
    const pub = await publicView(source);
    expect(pub.status).toBe('closed');
    expect(pub.timeline.map((e) => e.status)).toEqual([
      'received',
      'merged',
      'accepted',
      'feedback',
      'verified',
      'closed',
    ]);
    expect(pub.timeline.find((e) => e.status === 'accepted')!.note).toBe('镇网格办已签收');
    // The merged complaint closes with its target, so its own retention periods start too.
    const closed = await env.DB.prepare(
      `SELECT count(*) AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
       WHERE c.tracking_code = ?1 AND e.status = 'closed'`,
    )
      .bind(source)
      .first<{ n: number }>();
    expect(closed!.n).toBe(1);
  });

  it('lets the office open a case from another source, with the same fields as a complaint', async () => {
    const body = {
      source: 'patrol',
      category: 'straw_burning',
      placeType: 'residential',
      townId: town.id,
      description: '示例：巡查发现村东地头焚烧秸秆，已现场制止',
      anonymous: true,
    };
    const bad = await staffCall(cast.office, '/cases', { ...body, source: 'rumour', description: '短' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors!.map((e) => e.field)).toEqual(['source', 'description']);
    expect((await staffCall(cast.town, '/cases', body)).status).toBe(403);
    const opened = await staffCall(cast.office, '/cases', body);
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ source: 'patrol', state: 'new', contact: null });
    expect((opened.json.actions as { action: string; actor: { email: string } }[])[0]).toMatchObject({
      action: 'open',
      actor: { email: cast.office.email },
    });
    const code = (opened.json.trackingCode as string).replaceAll('-', '');
    expect(await publicSteps(code)).toEqual(['received']);
    expect((await assign(code)).json).toMatchObject({ state: 'assigned', source: 'patrol' });
  });

  it('keeps the ledger append-only: the database refuses to change or delete an action', async () => {
    const code = await fileComplaint();
    expect((await assign(code)).status).toBe(200);
    const of = 'complaint_id = (SELECT id FROM complaints WHERE tracking_code = ?1)';
    const run = (sql: string) => env.DB.prepare(sql).bind(code).run();
    await expect(run(`UPDATE case_actions SET internal_note = 'x' WHERE ${of}`)).rejects.toThrow(/append-only/);
    await expect(run(`DELETE FROM case_actions WHERE ${of}`)).rejects.toThrow(/append-only/);
    expect(((await staffCall(cast.office, `/cases/${code}`)).json.actions as unknown[]).length).toBe(1);
  });
});
