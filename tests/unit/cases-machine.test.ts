/** The case loop's state machine and its action validation (domain/cases). */
import { describe, expect, it } from 'vitest';
import { allowedActions, canSee, decide, nextState, publicSteps, type CaseView } from '../../domain/cases/machine.ts';
import { parseAction, type ActionContext } from '../../domain/cases/input.ts';
import type { Actor, Unit } from '../../domain/cases/model.ts';

const office: Actor = { email: 'office@example.test', role: 'office', scope: null };
const viewer: Actor = { email: 'viewer@example.test', role: 'viewer', scope: null };
const qingbei: Actor = { email: 'qb@example.test', role: 'town', scope: 'qingbei' };
const sannvhe: Actor = { email: 'snh@example.test', role: 'town', scope: 'sannvhe' };
const sthj: Actor = { email: 'sthj@example.test', role: 'department', scope: 'sthj' };
const cjj: Actor = { email: 'cjj@example.test', role: 'department', scope: 'cjj' };

const inQingbei = (over: Partial<CaseView> = {}): CaseView => ({
  state: 'new',
  townId: 'qingbei',
  lead: null,
  coHandlers: [],
  ...over,
});

describe('who may take which action from which state', () => {
  it('lets only the office assign, reject or merge a new case', () => {
    const c = inQingbei();
    expect(allowedActions(office, c)).toEqual(['assign', 'reject', 'merge']);
    expect(allowedActions(qingbei, c)).toEqual([]);
    expect(allowedActions(viewer, c)).toEqual([]);
    expect(decide(qingbei, c, 'assign')).toMatchObject({ ok: false, status: 403 });
  });

  it('lets the lead accept or return, the co-handler only report progress once accepted', () => {
    const assigned = inQingbei({ state: 'assigned', lead: 'town:qingbei', coHandlers: ['department:sthj'] });
    expect(allowedActions(qingbei, assigned)).toEqual(['accept', 'return']);
    expect(allowedActions(sthj, assigned)).toEqual([]);
    const accepted = { ...assigned, state: 'accepted' as const };
    expect(allowedActions(qingbei, accepted)).toEqual(['return', 'progress', 'feedback']);
    expect(allowedActions(sthj, accepted)).toEqual(['progress']);
    expect(decide(sthj, accepted, 'feedback')).toMatchObject({ ok: false, status: 403 });
    expect(allowedActions(office, accepted)).toEqual(['merge']);
  });

  it('answers 409 with the allowed actions when the state forbids an action the caller could take', () => {
    const c = inQingbei({ state: 'feedback', lead: 'town:qingbei' });
    expect(decide(office, c, 'assign')).toEqual({
      ok: false,
      status: 409,
      reason: expect.stringContaining('待复核'),
      allowed: ['verify'],
    });
    expect(decide(office, c, 'verify')).toEqual({ ok: true });
  });

  it("keeps towns out of other towns' cases and departments out of cases not theirs", () => {
    const c = inQingbei({ state: 'assigned', lead: 'town:qingbei' });
    expect(canSee(qingbei, c)).toBe(true);
    expect(canSee(sannvhe, c)).toBe(false);
    expect(canSee(sthj, c)).toBe(false);
    expect(canSee(viewer, c)).toBe(true);
    expect(decide(sannvhe, c, 'accept')).toMatchObject({ status: 403, reason: expect.stringContaining('无权') });
    // A town handling a case elsewhere sees it; so does a department assigned to it.
    const elsewhere = inQingbei({ townId: 'laozhuangzi', lead: 'department:cjj', coHandlers: ['town:qingbei'] });
    expect(canSee(qingbei, elsewhere)).toBe(true);
    expect(canSee(cjj, elsewhere)).toBe(true);
    expect(canSee(sthj, elsewhere)).toBe(false);
  });

  it('moves verify to closed on a pass and back to handling on a fail', () => {
    expect(nextState('verify', 'feedback', true)).toBe('closed');
    expect(nextState('verify', 'feedback', false)).toBe('accepted');
    expect(nextState('return', 'accepted')).toBe('returned');
  });
});

describe('public steps', () => {
  it('shows the citizen labels and public notes only; a return and a note without a public part show nothing', () => {
    expect(publicSteps('assign', null, { leadName: '庆北办事处' })).toEqual([
      { status: 'assigned', note: '承办单位：庆北办事处' },
    ]);
    expect(publicSteps('return', '不该出现')).toEqual([]);
    expect(publicSteps('progress', null)).toEqual([]);
    expect(publicSteps('progress', '已约谈工地负责人')).toEqual([{ status: 'progress', note: '已约谈工地负责人' }]);
    expect(publicSteps('verify', null, { passed: true }).map((s) => s.status)).toEqual(['verified', 'closed']);
    expect(publicSteps('verify', null, { passed: false }).map((s) => s.status)).toEqual(['verify_failed']);
    const [rejected, closed] = publicSteps('reject', null, { reason: '不属于环境问题', redirectTo: '12345 热线' });
    expect(rejected!.note).toBe('原因：不属于环境问题\n请向12345 热线反映');
    expect(closed!.status).toBe('closed');
  });
});

describe('action validation', () => {
  const units: Record<string, string> = { 'town:qingbei': '庆北办事处', 'department:sthj': '生态环境分局' };
  const ctx: ActionContext = {
    today: '2026-11-20',
    unitName: (u: Unit) => units[u],
    nextWorkingDay: () => '2026-11-23',
  };

  it('accepts an assignment and defaults the joint enforcement date to the next working day', () => {
    const r = parseAction(
      {
        action: 'assign',
        lead: 'town:qingbei',
        coHandlers: 'department:sthj',
        rectifyBy: '2026-11-27',
        shareContact: 'on',
      },
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        action: 'assign',
        lead: 'town:qingbei',
        coHandlers: ['department:sthj'],
        rectifyBy: '2026-11-27',
        jointDate: '2026-11-23',
        shareContact: true,
        internalNote: null,
        publicNote: null,
      },
    });
  });

  it('names every bad field in Chinese', () => {
    const r = parseAction({ action: 'assign', lead: 'town:nowhere', rectifyBy: '2026-11-19', jointDate: 'soon' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['jointDate', 'lead', 'rectifyBy']);
    expect(r.errors.find((e) => e.field === 'rectifyBy')!.message).toContain('不能早于今天');
  });

  it('requires the reason, result or note each action needs', () => {
    const fields = (body: object) => {
      const r = parseAction(body, ctx);
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.message}`);
    };
    expect(fields({ action: 'return' })).toEqual(['internalNote:请填写退回理由']);
    expect(fields({ action: 'feedback', internalNote: '  ' })).toEqual(['internalNote:请填写处理结果']);
    expect(fields({ action: 'verify', outcome: 'fail' })).toEqual(['internalNote:复核未通过时请填写未通过的原因']);
    expect(fields({ action: 'verify' })[0]).toMatch(/^outcome:/);
    expect(fields({ action: 'reject' }).map((s) => s.split(':')[0])).toEqual(['reason', 'redirectTo']);
    expect(fields({ action: 'merge', into: 'nope' })[0]).toMatch(/^into:查询编号应是/);
    expect(fields({ action: 'fly' })[0]).toMatch(/^action:请选择办理操作/);
    expect(fields({ action: 'accept', internalNote: 5 })[0]).toMatch(/^internalNote:「内部备注」应填写文字/);
    expect(fields({ action: 'accept', publicNote: '字'.repeat(501) })[0]).toMatch(/^publicNote:公开说明最多 500 字/);
    expect(parseAction([], ctx)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
  });
});
