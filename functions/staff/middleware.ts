/**
 * Hono middleware for /api/staff/*: who is calling (`requireStaff`) and a
 * same-origin guard for staff posts (`sameOriginOnly`). The rules themselves
 * are plain functions (`staffGate`, `crossOriginRefusal`) so the Astro pages
 * under /staff/ apply exactly the same ones (via functions/services/staff.ts).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../types.ts';
import { accessVerifier, authenticateStaff, type StaffMember } from './identity.ts';

/** What a refused caller is told; the reason itself only goes to the log. */
export const STAFF_REFUSALS = {
  401: '请先通过单位的统一登录（Cloudflare Access）登录工作人员系统',
  403: '你的账号不在工作人员名录中，或已被移出名录；如需使用，请联系区网格办',
  503: '工作人员系统尚未配置登录验证，暂停使用；请联系系统管理员',
} as const;

export type StaffGate = { ok: true; staff: StaffMember } | { ok: false; status: 401 | 403 | 503 };

/**
 * Decides whether a request may reach a staff route. Fails closed with 503
 * (and a log line) when staff sign-in is not configured; otherwise
 * `authenticateStaff`, logging why a caller was refused.
 */
export async function staffGate(request: Request, env: Env): Promise<StaffGate> {
  const verifier = accessVerifier(env);
  if ('error' in verifier) {
    console.error(`staff: refusing staff routes, sign-in not configured: ${verifier.error}`);
    return { ok: false, status: 503 };
  }
  const result = await authenticateStaff(request, env);
  if (result.ok) return result;
  console.warn(`staff: ${result.status} ${new URL(request.url).pathname}: ${result.reason}`);
  return { ok: false, status: result.status };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

/**
 * Why an unsafe request must be refused as possibly forged by another site,
 * or null. Stricter than the public complaint form (which accepts same-site):
 * staff posts must come from this very origin. A browser always sends
 * `Sec-Fetch-Site` or `Origin` with a POST, so a form post carrying neither is
 * refused; a JSON post with neither comes from a script (another site cannot
 * send JSON without a CORS preflight, which is never granted).
 */
export function crossOriginRefusal(request: Request): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' ? null : `Sec-Fetch-Site is ${site}`;
  const origin = request.headers.get('origin');
  if (origin) return origin === new URL(request.url).origin ? null : `Origin ${origin} is another origin`;
  return FORM_TYPES.test(request.headers.get('content-type') ?? '') ? 'form post without Origin' : null;
}

/** The error for a staff post refused by `crossOriginRefusal`. */
export const CROSS_ORIGIN_REFUSAL = '请在本系统的页面上提交；来自其他网站的提交已拒绝';

/** Sets `c.var.staff` for a verified directory member; otherwise 401/403/503 JSON `{ error }`. */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const gate = await staffGate(c.req.raw, c.env);
  c.header('cache-control', 'no-store');
  if (!gate.ok) return c.json({ error: STAFF_REFUSALS[gate.status] }, gate.status);
  c.set('staff', gate.staff);
  await next();
});

/** Refuses (403 JSON) a staff post that did not come from this origin. */
export const sameOriginOnly = createMiddleware<AppEnv>(async (c, next) => {
  const refusal = crossOriginRefusal(c.req.raw);
  if (refusal) {
    console.warn(`staff: 403 ${c.req.path}: ${refusal}`);
    return c.json({ error: CROSS_ORIGIN_REFUSAL }, 403);
  }
  await next();
});
