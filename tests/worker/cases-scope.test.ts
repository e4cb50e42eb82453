/**
 * Scope and refusals on /api/staff/cases: who may read and act, the 400/403/
 * 409 answers, tokens refused, and every refused action changing nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { staffHeaders } from '../support/staff-tokens.ts';
import { otherTown, town } from './support/complaints.ts';
import { act, fileComplaint, inAWeek, seedCast, snapshot, staffCall, staffOf } from './cases-support.ts';

const cast = staffOf('scope');
beforeAll(() => seedCast(cast));

const codes = (r: { json: Record<string, unknown> }) =>
  ((r.json.cases as { trackingCode: string }[] | undefined) ?? []).map((c) => c.trackingCode.replaceAll('-', ''));

describe('scope', () => {
  it("keeps a town out of another town's cases: not listed, not readable, no action; nothing changes", async () => {
    const code = await fileComplaint();
    expect(
      (await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() })).status,
    ).toBe(200);
    const before = await snapshot(code);

    expect(codes(await staffCall(cast.town, '/cases'))).toContain(code);
    expect(codes(await staffCall(cast.otherTown, '/cases'))).not.toContain(code);
    expect(codes(await staffCall(cast.sthj, '/cases'))).not.toContain(code);
    expect(codes(await staffCall(cast.viewer, '/cases'))).toContain(code);

    const read = await staffCall(cast.otherTown, `/cases/${code}`);
    expect(read).toEqual({ status: 403, json: { error: '您无权查看或办理这个案件' } });
    expect((await staffCall(cast.sthj, `/cases/${code}`)).status).toBe(403);
    for (const action of ['accept', 'return', 'progress', 'feedback', 'verify', 'assign', 'reject', 'merge']) {
      const r = await act(cast.otherTown, code, { action, internalNote: '越权尝试' });
      expect(r.status, action).toBe(403);
      expect(JSON.stringify(r.json)).not.toContain('待签收'); // the state is not told to outsiders
    }
    // Roles that may see but not take the action: 403; the right party at the wrong state: 409.
    expect((await act(cast.viewer, code, { action: 'accept' })).status).toBe(403);
    expect((await act(cast.town, code, { action: 'verify', outcome: 'pass' })).status).toBe(403);
    expect(await act(cast.town, code, { action: 'feedback', internalNote: '还没签收就反馈' })).toEqual({
      status: 409,
      json: { error: '案件现在「待签收」，不能「反馈结果」', allowed: ['accept', 'return'] },
    });
    expect(
      await act(cast.office, code, { action: 'assign', lead: 'department:sthj', rectifyBy: inAWeek() }),
    ).toMatchObject({
      status: 409,
      json: { allowed: ['merge'] },
    });
    // Bad requests: field errors in Chinese; unknown case 404; not JSON 415.
    expect(await act(cast.town, code, { action: 'fly' })).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'action' }] },
    });
    expect((await act(cast.town, '2222-3333-4444', { action: 'accept' })).status).toBe(404);
    const form = await exports.default.fetch(`http://envgrid.test/api/staff/cases/${code}/actions`, {
      method: 'POST',
      headers: { ...(await staffHeaders(cast.town.email)), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=accept',
    });
    expect(form.status).toBe(403); // a form post without Origin is refused as possibly cross-site
    const foreign = await exports.default.fetch(`http://envgrid.test/api/staff/cases/${code}/actions`, {
      method: 'POST',
      headers: {
        ...(await staffHeaders(cast.town.email)),
        'content-type': 'application/json',
        origin: 'https://evil.example',
      },
      body: JSON.stringify({ action: 'accept' }),
    });
    expect(foreign.status).toBe(403);

    expect(await snapshot(code)).toBe(before);
    // …and the rightful lead still can.
    expect((await act(cast.town, code, { action: 'accept' })).status).toBe(200);
    expect(await snapshot(code)).not.toBe(before);
  });

  it('lets a department see only the cases it handles, and a co-handler only report progress', async () => {
    const code = await fileComplaint();
    await act(cast.office, code, {
      action: 'assign',
      lead: `town:${otherTown.id}`,
      coHandlers: ['department:sthj'],
      rectifyBy: inAWeek(),
    });
    expect(codes(await staffCall(cast.sthj, '/cases'))).toContain(code);
    expect(codes(await staffCall(cast.cjj, '/cases'))).not.toContain(code);
    // The lead is the other town: it sees this case although the place is in the first town.
    expect((await staffCall(cast.otherTown, `/cases/${code}`)).status).toBe(200);
    expect((await act(cast.sthj, code, { action: 'accept' })).status).toBe(403);
    await act(cast.otherTown, code, { action: 'accept' });
    expect((await act(cast.sthj, code, { action: 'progress', internalNote: '已取样' })).status).toBe(200);
    expect((await act(cast.sthj, code, { action: 'feedback', internalNote: '不是牵头单位' })).status).toBe(403);
  });

  it('lets exactly one of two simultaneous actions on a case win', async () => {
    const code = await fileComplaint();
    await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() });
    const results = await Promise.all([
      act(cast.town, code, { action: 'accept' }),
      act(cast.town, code, { action: 'return', internalNote: '同时退回' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // Either they ran one after the other (200 + 409 by state) or truly at once (200 + 409 by version).
    expect(statuses).toEqual([200, 409]);
    const ledger = (await staffCall(cast.office, `/cases/${code}`)).json.actions as { seq: number }[];
    expect(ledger.map((a) => a.seq)).toEqual([1, 2]);
  });

  it('filters the queue and validates its filters', async () => {
    const code = await fileComplaint();
    const r = await staffCall(cast.office, `/cases?status=new&town=${town.id}&q=${code}`);
    expect(codes(r)).toEqual([code]);
    expect(codes(await staffCall(cast.office, `/cases?status=closed&q=${code}`))).toEqual([]);
    const overview = await staffCall(cast.office, '/cases/overview');
    expect(overview.status).toBe(200);
    expect(overview.json).toMatchObject({ byState: { new: expect.any(Number) }, newToday: expect.any(Number) });
    expect((overview.json.openByTown as Record<string, number>)[town.id]).toBeGreaterThan(0);
    expect((await staffCall(cast.town, '/cases/overview')).status).toBe(403);
    const bad = await staffCall(cast.office, '/cases?status=nope&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.errors!.map((e) => e.field)).toEqual(['status', 'from']);
  });
});

describe('tokens', () => {
  it('refuses forged, expired, wrong-audience and missing tokens on the case routes, leaking nothing', async () => {
    const code = await fileComplaint();
    const tries: Record<string, string>[] = [
      {},
      await staffHeaders(cast.office.email, { wrongKey: true }),
      await staffHeaders(cast.office.email, { expired: true }),
      await staffHeaders(cast.office.email, { audience: 'another-aud' }),
    ];
    for (const headers of tries) {
      for (const [method, path] of [
        ['GET', '/cases'],
        ['GET', `/cases/${code}`],
        ['POST', `/cases/${code}/actions`],
      ] as const) {
        const res = await exports.default.fetch(`http://envgrid.test/api/staff${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'POST' ? JSON.stringify({ action: 'reject', reason: 'x', redirectTo: 'y' }) : undefined,
        });
        expect([401, 403]).toContain(res.status);
        const text = await res.text();
        expect(text).not.toContain(code);
        expect(text).not.toContain('测试');
      }
    }
    expect((await staffCall(cast.office, `/cases/${code}`)).json.state).toBe('new');
  });
});
