/**
 * `/api/staff/roster`: the roster console's API (docs/roster-console.md). Every route needs a
 * verified directory member (`requireStaff`, also when mounted outside `/api/staff`'s own
 * middleware) and posts must come from this origin. JSON only, like the case desk.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../types.ts';
import { requireStaff, sameOriginOnly } from '../../staff/middleware.ts';
import { jsonBody } from '../../staff/cases/index.ts';
import { mayReadRoster } from '../../../domain/roster/edits/permissions.ts';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { consoleClosedReason } from '../../../domain/roster/runtime.ts';
import { decide, draftFor, editRequestOf, propose } from './proposals.ts';
import { presentProposal, summarize } from './present.ts';
import { getProposal, recentProposals } from './store.ts';
import { readCapped } from '../../complaints/body.ts';
import { confirmUpload, MAX_UPLOAD_POST_BYTES, uploadWorkbook, workbookOf } from './upload.ts';

type C = Context<AppEnv>;

/** A refusal or field errors as the API answers them. */
function refuse(
  c: C,
  r: { status: 400; errors: unknown } | { status: 403 | 404 | 409 | 410; error: string },
): Response {
  return 'errors' in r ? c.json({ errors: r.errors }, 400) : c.json({ error: r.error }, r.status);
}

export const rosterConsole = new Hono<AppEnv>()
  // `/api/staff/*` already ran requireStaff; run it here only if it did not, so this app never answers unsigned.
  .use('*', (c, next) => (c.get('staff') ? next() : requireStaff(c, next)), sameOriginOnly)
  .use(async (c, next) => {
    c.header('cache-control', 'no-store');
    const staff = c.get('staff');
    if (!staff || !mayReadRoster(staff)) return c.json({ error: '你的账号不能使用名册管理' }, 403);
    const closed = consoleClosedReason(rosterIndex.roster);
    if (closed) return c.json({ error: closed }, 503);
    await next();
  })
  .get('/proposals', async (c) => {
    const now = new Date();
    return c.json({ proposals: (await recentProposals(c.env.DB)).map((p) => summarize(p, now)) }, 200);
  })
  .post('/proposals', async (c) => {
    const b = await jsonBody(c);
    if (!b.ok) return b.res;
    const req = editRequestOf(b.body);
    const now = new Date();
    // `preview: true` drafts without saving: the confirmation step (diff and findings).
    if ((b.body as { preview?: unknown } | null)?.preview === true) {
      const d = await draftFor(c.env, c.get('staff')!, req, now);
      return d.ok ? c.json({ draft: d.draft }, 200) : refuse(c, d);
    }
    const r = await propose(c.env, c.get('staff')!, req, now);
    if (!r.ok) return refuse(c, r);
    const row = (await getProposal(c.env.DB, r.id))!;
    c.header('location', new URL(`/api/staff/roster/proposals/${r.id}`, c.req.url).href);
    return c.json({ proposal: await presentProposal(c.env.DB, row, now), findings: r.draft.findings }, 201);
  })
  .get('/proposals/:id', async (c) => {
    const row = /^[0-9a-f-]{36}$/.test(c.req.param('id')) ? await getProposal(c.env.DB, c.req.param('id')) : null;
    if (!row) return c.json({ error: '没有这项名册修改' }, 404);
    return c.json({ proposal: await presentProposal(c.env.DB, row, new Date()) }, 200);
  })
  .post('/proposals/:id/decision', async (c) => {
    const b = await jsonBody(c);
    if (!b.ok) return b.res;
    const now = new Date();
    const r = await decide(c.env, c.get('staff')!, c.req.param('id'), b.body, now);
    if (!r.ok) return refuse(c, r);
    const row = (await getProposal(c.env.DB, c.req.param('id')))!;
    return c.json({ proposal: await presentProposal(c.env.DB, row, now) }, 200);
  })
  // Workbook upload (docs/roster-console.md): multipart with the .xlsx in `file`, read at most 5 MB.
  .post('/uploads', async (c) => {
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? ''))
      return c.json({ error: '请以 multipart/form-data 上传，工作簿放在 file 字段' }, 415);
    const bytes = await readCapped(c.req.raw, MAX_UPLOAD_POST_BYTES);
    if (!bytes) return c.json({ errors: [{ field: 'file', message: '工作簿超过 5 MB，不是名册工作簿' }] }, 413);
    let form: FormData;
    try {
      form = await new Request(c.req.url, { method: 'POST', headers: c.req.raw.headers, body: bytes }).formData();
    } catch {
      return c.json({ errors: [{ field: 'file', message: '上传内容无法读取，请重新选择文件上传' }] }, 400);
    }
    const file = await workbookOf(form);
    const r = await uploadWorkbook(c.env, c.get('staff')!, file ?? { name: '', bytes: new Uint8Array() }, new Date());
    if (!r.ok) return 'issues' in r ? c.json({ errors: r.errors, issues: r.issues }, 400) : refuse(c, r);
    return c.json({ upload: { token: r.token, expires: r.expires, fileName: r.fileName, draft: r.draft } }, 200);
  })
  .post('/uploads/:token', async (c) => {
    const b = await jsonBody(c);
    if (!b.ok) return b.res;
    const body = (b.body && typeof b.body === 'object' ? b.body : {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const now = new Date();
    const req = { effective: str(body.effective), summary: str(body.summary) };
    const r = await confirmUpload(c.env, c.get('staff')!, c.req.param('token'), req, now);
    if (!r.ok) return 'issues' in r ? c.json({ errors: r.errors, issues: r.issues }, 400) : refuse(c, r);
    c.header('location', new URL(`/api/staff/roster/proposals/${r.proposal.id}`, c.req.url).href);
    return c.json({ proposal: await presentProposal(c.env.DB, r.proposal, now) }, 201);
  });
