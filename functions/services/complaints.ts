/**
 * What the complaint pages need from the Worker side, in one small facade
 * (pages import nothing else under functions/): the form's settings, its own
 * post run through the intake pipeline, and the public lookup by code.
 */
import { Hono } from 'hono';
import type { FieldError, FormErrorCode, RawComplaint } from '../../domain/complaint.ts';
import { submittedPath } from '../../domain/paths.ts';
import { bodyKind } from '../complaints/body.ts';
import { intakeConfig, windowMinutes } from '../complaints/config.ts';
import { intakeSteps, type IntakeEnv, type IntakeResponder } from '../complaints/intake.ts';
import { lookupComplaint, type Lookup } from '../complaints/lookup.ts';
import { TURNSTILE_ACTION, TURNSTILE_FIELD } from '../complaints/turnstile.ts';

export type { PublicComplaint, TimelineEntry } from '../complaints/queries.ts';
export type { Lookup };
export { lookupComplaint, TURNSTILE_ACTION, TURNSTILE_FIELD };

/** The form page's settings. */
export function complaintFormSettings(env: Env): { turnstileSiteKey: string | undefined; windowMinutes: number } {
  const cfg = intakeConfig(env);
  return { turnstileSiteKey: cfg.turnstileSiteKey, windowMinutes: windowMinutes(cfg) };
}

/** The result of the form's own post: where to go next, or what to show on the form again. */
export type FormSubmission =
  | { ok: true; location: string }
  | {
      ok: false;
      status: number;
      values: RawComplaint;
      errors: FieldError[];
      formError?: FormErrorCode | undefined;
      retryAfterSeconds?: number | undefined;
    };

// The pipeline's answer for each request, read back by `submitComplaintForm` once the chain has run.
const outcomes = new WeakMap<Request, FormSubmission>();

const page: IntakeResponder = {
  accepted(c, a) {
    outcomes.set(c.req.raw, { ok: true, location: submittedPath(a.receipt.trackingCode) });
    return c.body(null, 204);
  },
  rejected(c, r) {
    outcomes.set(c.req.raw, { ok: false, ...r });
    return c.body(null, 204);
  },
};

const formPost = new Hono<IntakeEnv>().post('*', ...intakeSteps(page));
formPost.onError((err) => {
  console.error('complaint form post failed', err);
  return new Response(null, { status: 500 });
});

/**
 * Runs the complaint form's own post through the same intake pipeline as the
 * API (one body read, one validation). Only form bodies: the page is not a
 * second API. Never throws.
 */
export async function submitComplaintForm(request: Request, env: Env, ctx: ExecutionContext): Promise<FormSubmission> {
  if (bodyKind(request.headers.get('content-type')) !== 'form')
    return { ok: false, status: 415, values: {}, errors: [], formError: 'unsupported_type' };
  await formPost.fetch(request, env, ctx);
  return outcomes.get(request) ?? { ok: false, status: 503, values: {}, errors: [], formError: 'unavailable' };
}
