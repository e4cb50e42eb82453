/**
 * What the Astro pages under /staff/ need from the staff identity code: the
 * same gate and same-origin rule as /api/staff/*, and the local sign-in.
 * Pages import functions/ only through services like this one.
 */
import { isLocalEnv, type StaffMember } from '../staff/identity.ts';
import { LIST_STAFF_SQL } from '../staff/directory.ts';
import { bodyKind, readCapped } from '../complaints/body.ts';
import { ACCESS_COOKIE, isLoopbackHost, LOCAL_TOKEN_TTL_SECONDS, signLocalAccessToken } from '../staff/local-access.ts';

export type { StaffMember, StaffRole } from '../staff/identity.ts';
export { ROLE_LABELS } from '../staff/directory.ts';
export { CROSS_ORIGIN_REFUSAL, crossOriginRefusal, STAFF_REFUSALS, staffGate } from '../staff/middleware.ts';

/** Paths under /staff/ that answer without a signed-in member. */
export const OPEN_STAFF_PATHS = ['/staff/sign-in/', '/staff/sign-out/'];

/** True for a path the staff gate must guard: /staff and everything under it except the open pages. */
export function isGuardedStaffPath(pathname: string): boolean {
  const p = pathname.endsWith('/') ? pathname : `${pathname}/`;
  return p.startsWith('/staff/') && !OPEN_STAFF_PATHS.includes(p);
}

/** The local sign-in page works only under `npm start`/tests AND on a loopback host; elsewhere it is a 404. */
export function localSignInEnabled(env: Env, url: URL): boolean {
  return isLocalEnv(env) && isLoopbackHost(url.hostname);
}

/** Active directory members, office first (the local sign-in page lists them). */
export async function activeStaff(db: D1Database): Promise<StaffMember[]> {
  return (await db.prepare(LIST_STAFF_SQL).all<StaffMember>()).results;
}

/**
 * A `Set-Cookie` value signing `email` in locally, as Access would after its
 * login: a token from the local private key in `CF_Authorization`. Null when
 * the Worker has no usable local private key (`npm start` passes one).
 */
export async function localSignInCookie(env: Env, email: string): Promise<string | null> {
  if (!env.ACCESS_LOCAL_PRIVATE_JWK) return null;
  let token: string;
  try {
    token = await signLocalAccessToken(JSON.parse(env.ACCESS_LOCAL_PRIVATE_JWK), email);
  } catch (e) {
    console.error(`staff: ACCESS_LOCAL_PRIVATE_JWK is not a usable private key: ${e instanceof Error ? e.message : e}`);
    return null;
  }
  return `${ACCESS_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LOCAL_TOKEN_TTL_SECONDS}`;
}

/** A `Set-Cookie` value that removes the Access cookie from this host. */
export const SIGN_OUT_COOKIE = `${ACCESS_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

/** Where sign-out sends the browser: Access's own logout when deployed, the local sign-in page locally. */
export function signOutTarget(env: Env): string {
  return isLocalEnv(env) ? '/staff/sign-in/' : '/cdn-cgi/access/logout';
}

/** A safe place to go after signing in: a path under /staff/, never another site. */
export function staffNext(value: string | null | undefined): string {
  return value && /^\/staff\/[A-Za-z0-9/_\-.?=&%]*$/.test(value) && !value.includes('//') ? value : '/staff/';
}

/** The largest staff form post read (a case action or a new case is a few kilobytes). */
export const MAX_STAFF_FORM_BYTES = 64 * 1024;

/**
 * The form a staff page was posted, read at most `max` bytes (MAX_STAFF_FORM_BYTES unless the
 * page takes photos); or the answer to give
 * instead (415 for a body that is not a form, 413 for one too long, 400 for one that does not
 * parse), so no post reaches a page's handler unread or unbounded.
 */
export async function readStaffForm(request: Request, max = MAX_STAFF_FORM_BYTES): Promise<FormData | Response> {
  const refuse = (status: number, message: string) =>
    new Response(message, {
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  if (bodyKind(request.headers.get('content-type')) !== 'form') return refuse(415, '请通过页面上的表单提交');
  const bytes = await readCapped(request, max);
  if (!bytes) return refuse(413, '提交的内容太长');
  try {
    return await new Request(request.url, {
      method: 'POST',
      headers: { 'content-type': request.headers.get('content-type')! },
      body: bytes,
    }).formData();
  } catch {
    return refuse(400, '表单内容无法读取，请回到页面重新提交');
  }
}
