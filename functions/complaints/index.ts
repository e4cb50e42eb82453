/**
 * `/api/complaints`: citizens' complaints in (the intake pipeline in
 * intake.ts, answered as JSON), public progress out.
 */
import { Hono } from 'hono';
import { normalizeTrackingCode } from '../../domain/tracking-code.ts';
import { intakeSteps, messageMinutes, type IntakeEnv, type IntakeResponder } from './intake.ts';
import { lookupComplaint } from './lookup.ts';
import { answerProblem, answerReceipt, wantsPage } from './respond.ts';

const NOT_FOUND = '没有找到这个查询编号的投诉。请核对编号（共 12 位字母和数字），或拨打 12369 环保热线查询';

const api: IntakeResponder = {
  accepted: (c, a) => answerReceipt(c, a.receipt, wantsPage(c, c.get('intake')?.kind), a.created ? 201 : 200),
  rejected: (c, r) => answerProblem(c, { ...r, windowMinutes: messageMinutes(c) }),
};

export const complaints = new Hono<IntakeEnv>().post('/', ...intakeSteps(api)).get('/:code', async (c) => {
  c.header('cache-control', 'no-store');
  const code = normalizeTrackingCode(c.req.param('code'));
  if (!code) return c.json({ error: NOT_FOUND }, 404);
  const found = await lookupComplaint(c.env, c.req.raw, code);
  switch (found.status) {
    case 'found':
      return c.json(found.complaint, 200);
    case 'missing':
      return c.json({ error: NOT_FOUND }, 404);
    case 'limited':
      c.header('retry-after', '60');
      return c.json({ error: found.message }, 429);
    case 'unavailable':
      return c.json({ error: found.message }, 503);
  }
});
