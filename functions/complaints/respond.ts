/**
 * How `POST /api/complaints` answers: JSON for API clients, and a 303 to the
 * confirmation page for a browser's form post that was stored. Rejections are
 * always JSON here: the site's own form posts to its page
 * (functions/services/complaints.ts), which shows them in place.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';
import { formErrorMessage, type FieldError, type FormErrorCode } from '../../domain/complaint.ts';
import { complaintApiPath, statusPath, submittedPath } from '../../domain/paths.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import { publicUrl } from '../public-url.ts';
import type { Receipt } from './queries.ts';

/**
 * True when a form post should get pages rather than JSON: browsers ask for
 * text/html; a script posting a form can ask for `Accept: application/json`.
 */
export function wantsPage(c: Context, kind: 'json' | 'form' | undefined): boolean {
  if (kind !== 'form') return false;
  const accept = c.req.header('accept') ?? '';
  return /text\/html/i.test(accept) || !/application\/json/i.test(accept);
}

/** 201/200 with the receipt, or 303 to the confirmation page. */
export function answerReceipt<E extends AppEnv>(c: Context<E>, r: Receipt, page: boolean, status: 200 | 201): Response {
  c.header('cache-control', 'no-store');
  if (page) return c.redirect(submittedPath(r.trackingCode), 303);
  c.header('location', publicUrl(c.env, complaintApiPath(r.trackingCode)));
  return c.json(
    {
      trackingCode: formatTrackingCode(r.trackingCode),
      status: r.status,
      receivedAt: r.receivedAt,
      statusUrl: publicUrl(c.env, statusPath(r.trackingCode)),
    },
    status,
  );
}

export interface Problem {
  status: 400 | 403 | 413 | 415 | 422 | 429 | 503;
  /** Field messages: answered as `{"errors":[{field,message}]}`. */
  errors?: FieldError[];
  /** A problem with the whole submission: answered as `{"error": message}`. */
  formError?: FormErrorCode;
  /** The rate-limit window, named in the 429 message. */
  windowMinutes?: number;
  retryAfterSeconds?: number;
}

/** The JSON answer for a rejected submission. */
export function answerProblem(c: Context, p: Problem): Response {
  c.header('cache-control', 'no-store');
  if (p.retryAfterSeconds !== undefined) c.header('retry-after', String(p.retryAfterSeconds));
  if (p.errors && p.errors.length > 0) return c.json({ errors: p.errors }, p.status);
  return c.json({ error: formErrorMessage(p.formError ?? 'unavailable', p.windowMinutes) }, p.status);
}
