/**
 * How `POST /api/complaints` answers: JSON for API clients; for a browser's
 * form post, a 303 to the confirmation page or the form page re-shown with
 * its errors (rendered by Astro through the `renderPage` variable).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../types.ts';
import { formErrorMessage, type FieldError, type FormErrorCode } from '../../domain/complaint.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import type { Receipt } from './queries.ts';

type C = Context<AppEnv>;

/** Where the public status page for a code lives. */
export const statusPath = (code: string) => `/complaint/status/?code=${formatTrackingCode(code)}`;
/** Where a browser goes after a successful form post. */
export const submittedPath = (code: string) => `/complaint/submitted/?code=${formatTrackingCode(code)}`;

/**
 * True when a form post should get pages rather than JSON: browsers ask for
 * text/html; a script posting a form can ask for `Accept: application/json`.
 */
export function wantsPage(c: C): boolean {
  const accept = c.req.header('accept') ?? '';
  return /text\/html/i.test(accept) || !/application\/json/i.test(accept);
}

/** 201/200 with the receipt, or 303 to the confirmation page. */
export function answerReceipt(c: C, r: Receipt, page: boolean, status: 200 | 201): Response {
  if (page) return c.redirect(submittedPath(r.trackingCode), 303);
  const code = formatTrackingCode(r.trackingCode);
  c.header('location', new URL(`/api/complaints/${code}`, c.req.url).href);
  return c.json(
    {
      trackingCode: code,
      status: r.status,
      receivedAt: r.receivedAt,
      statusUrl: new URL(statusPath(r.trackingCode), c.req.url).href,
    },
    status,
  );
}

/**
 * Re-shows the complaint form with the submitted values: the page validates
 * them again with the same schema (it never stores) and shows `formError`
 * above the fields. Falls back to JSON when no page renderer is wired in.
 */
async function showForm(
  c: C,
  values: unknown,
  status: ContentfulStatusCode,
  formError?: FormErrorCode,
): Promise<Response | null> {
  const render = c.get('renderPage');
  if (!render) return null;
  const req = new Request(new URL('/complaint/', c.req.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/html' },
    body: JSON.stringify({ values, formError }),
  });
  const page = await render(req);
  const headers = new Headers(page.headers);
  headers.set('cache-control', 'no-store');
  return new Response(page.body, { status, headers });
}

/** 400 with field messages: `{"errors":[{field,message}]}`, or the form again. */
export async function answerInvalid(
  c: C,
  page: boolean,
  values: unknown,
  errors: FieldError[],
  formError?: FormErrorCode,
): Promise<Response> {
  if (page) {
    const res = await showForm(c, values, 400, formError);
    if (res) return res;
  }
  return c.json({ errors }, 400);
}

/** A problem with the whole submission (413, 429, 503): `{"error": message}`, or the form again. */
export async function answerProblem(
  c: C,
  page: boolean,
  values: unknown,
  status: 413 | 429 | 503,
  code: FormErrorCode,
  windowMinutes: number,
  retryAfterSeconds?: number,
): Promise<Response> {
  if (retryAfterSeconds !== undefined) c.header('retry-after', String(retryAfterSeconds));
  if (page) {
    const res = await showForm(c, values, status, code);
    if (res) {
      if (retryAfterSeconds !== undefined) res.headers.set('retry-after', String(retryAfterSeconds));
      return res;
    }
  }
  return c.json({ error: formErrorMessage(code, windowMinutes) }, status);
}
