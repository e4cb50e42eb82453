/**
 * Uploading the roster workbook (the one `roster:export` writes) in the console: read in the
 * Worker (domain/roster/workbook/xlsx.ts), mapped to content files as `roster:import` maps it,
 * checked as `roster:check` checks, shown as a diff; the changed files are kept in D1 under a
 * token (migration 0021) until the uploader confirms. Confirming checks them again against the
 * roster as built now and saves a proposal, on the same path as the edit forms. An upload with
 * an error stores nothing.
 */
import { sha256Hex } from '../../../domain/crypto.ts';
import type { Actor } from '../../../domain/cases/model.ts';
import type { BuiltRoster, EditDraft, FieldError } from '../../../domain/roster/edits/model.ts';
import { proposalRefusal } from '../../../domain/roster/edits/permissions.ts';
import { draftWorkbook, townsOfUpload, workbookChanges } from '../../../domain/roster/edits/workbook.ts';
import { formatIssue, type ImportIssue } from '../../../domain/roster/workbook/read.ts';
import { readXlsx, XlsxError } from '../../../domain/roster/workbook/xlsx.ts';
import { todayInChina } from '../../../domain/workdays.ts';
import { builtRoster } from './built.ts';
import { getProposal, insertProposal, openChangeIds, type ProposalRow } from './store.ts';

/** The largest workbook read (the district's whole roster exports to well under 1 MB). */
export const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024;

/** How long an upload waits for its confirmation. */
export const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;

/** A workbook problem as the API and the page show it: where, what, and the sentence staff read. */
export interface UploadIssue extends ImportIssue {
  text: string;
}

/** A refusal: not allowed (403), no such upload (404), already confirmed or roster changed (409), expired (410). */
export type UploadRefusal = { ok: false; status: 403 | 404 | 409 | 410; error: string };

export type UploadOutcome =
  | { ok: true; token: string; expires: string; fileName: string; draft: EditDraft }
  | { ok: false; status: 400; errors: FieldError[]; issues: UploadIssue[] }
  | UploadRefusal;

const issuesOf = (issues: ImportIssue[]): UploadIssue[] => issues.map((i) => ({ ...i, text: formatIssue(i) }));
const fileError = (message: string): UploadOutcome => ({
  ok: false,
  status: 400,
  errors: [{ field: 'file', message }],
  issues: [],
});

let builtHash: { built: BuiltRoster; hash: Promise<string> } | undefined;

/** sha256 of the roster as built (every file's path and text), what an upload was compared with. */
async function baseOf(built: BuiltRoster): Promise<string> {
  if (builtHash?.built !== built) {
    const text = Object.keys(built.files)
      .sort()
      .map((p) => `${p}\n${built.files[p]!.length}\n${built.files[p]}`)
      .join('\n');
    builtHash = { built, hash: sha256Hex(text) };
  }
  return builtHash.hash;
}

/** Refuses a town member's upload that changes another town or district-wide files, naming them. */
function scopeRefusal(
  actor: Actor,
  built: BuiltRoster,
  draft: EditDraft,
  changed: { path: string; content: string }[],
) {
  const next = { ...built.files, ...Object.fromEntries(changed.map((f) => [f.path, f.content])) };
  const towns = townsOfUpload(
    built.files,
    next,
    draft.files.map((f) => f.path),
  );
  const others = towns.filter((t) => proposalRefusal(actor, t) !== null);
  if (others.length === 0) return null;
  const names = others.map((t) =>
    t === null ? '区级内容（区、部门或分工）' : (built.roster.towns.find((x) => x.id === t)?.name ?? t),
  );
  const places = [
    ...new Set(
      draft.diff.filter((l) => (l.town === null ? others.includes(null) : names.includes(l.town))).map((l) => l.place),
    ),
  ];
  const general = proposalRefusal(actor, others[0]!)!;
  return {
    ok: false as const,
    status: 403 as const,
    error: `${general.error}。这个工作簿还改动了：${names.join('、')}${places.length ? `（${places.join('、')}）` : ''}；请只修改本镇（办事处）的行，其余改动交区网格办`,
  };
}

/**
 * Reads, maps and checks an uploaded workbook for `actor`; on success stores its changed files
 * under a token and returns the draft to confirm (with today as the effective date until the
 * member gives one).
 */
export async function uploadWorkbook(
  env: Env,
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
  now: Date,
): Promise<UploadOutcome> {
  const general = proposalRefusal(actor, actor.role === 'town' ? actor.scope : null);
  if (general) return { ok: false, ...general, status: 403 };
  if (file.bytes.length === 0) return fileError('请选择要上传的名册工作簿（.xlsx 文件）');
  if (file.bytes.length > MAX_WORKBOOK_BYTES)
    return fileError('工作簿超过 5 MB，不是名册工作簿；请上传导出的名册工作簿');
  let wb;
  try {
    wb = await readXlsx(file.bytes);
  } catch (e) {
    if (e instanceof XlsxError) return fileError(e.message);
    throw e;
  }
  // The mapping is only needed here: its own chunk (with the pinyin table for ids made from names).
  const { importWorkbook } = await import('../../../domain/roster/workbook/import.ts');
  const imported = importWorkbook(wb);
  if (!imported.files) return { ok: false, status: 400, errors: [], issues: issuesOf(imported.issues) };
  const built = await builtRoster();
  const changes = workbookChanges(built.files, imported.files);
  if (changes.removed.length > 0) return { ok: false, status: 400, errors: [], issues: issuesOf(changes.removed) };
  const today = todayInChina(now);
  const r = await draftWorkbook(
    changes.files,
    { effective: today, summary: '' },
    { built, today, takenChangeIds: await openChangeIds(env.DB) },
  );
  if (!r.ok) return { ok: false, status: 400, errors: r.errors, issues: [] };
  const refused = scopeRefusal(actor, built, r.draft, changes.files);
  if (refused) return refused;
  const token = crypto.randomUUID();
  const expires = new Date(now.getTime() + UPLOAD_TTL_MS).toISOString();
  const fileName = file.name.slice(0, 200) || 'roster.xlsx';
  await env.DB.batch([
    // Uploads never confirmed are of no use once expired.
    env.DB.prepare('DELETE FROM roster_uploads WHERE expires_at <= ?1 AND confirmed_at IS NULL').bind(
      now.toISOString(),
    ),
    env.DB.prepare(
      `INSERT INTO roster_uploads (token, uploaded_by, uploaded_at, expires_at, file_name, base, files)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    ).bind(
      token,
      actor.email,
      now.toISOString(),
      expires,
      fileName,
      await baseOf(built),
      JSON.stringify(changes.files),
    ),
  ]);
  return { ok: true, token, expires, fileName, draft: r.draft };
}

interface UploadRow {
  token: string;
  uploaded_by: string;
  expires_at: string;
  file_name: string;
  base: string;
  files: string;
  confirmed_at: string | null;
}

const TOKEN = /^[0-9a-f-]{36}$/;

/** An upload waiting for `actor`'s confirmation, or why it cannot be confirmed. */
async function pendingUpload(
  env: Env,
  actor: Actor,
  token: string,
  now: Date,
): Promise<{ ok: true; row: UploadRow } | UploadRefusal> {
  const row = TOKEN.test(token)
    ? await env.DB.prepare('SELECT * FROM roster_uploads WHERE token = ?1').bind(token).first<UploadRow>()
    : null;
  if (!row || row.uploaded_by.toLowerCase() !== actor.email.toLowerCase())
    return { ok: false, status: 404, error: '没有这次上传（只有上传人可以确认）；请重新上传工作簿' };
  if (row.confirmed_at) return { ok: false, status: 409, error: '这次上传已经确认提交过，不能重复提交' };
  if (row.expires_at <= now.toISOString())
    return { ok: false, status: 410, error: '这次上传已超过 2 小时未确认，已失效；请重新上传工作簿' };
  return { ok: true, row };
}

/** The draft of a waiting upload with the member's effective date and summary, checked again. */
export async function previewUpload(
  env: Env,
  actor: Actor,
  token: string,
  req: { effective: string; summary: string },
  now: Date,
): Promise<
  | { ok: true; draft: EditDraft; fileName: string; expires: string; row: UploadRow }
  | Exclude<UploadOutcome, { ok: true }>
> {
  const general = proposalRefusal(actor, actor.role === 'town' ? actor.scope : null);
  if (general) return { ok: false, ...general, status: 403 };
  const found = await pendingUpload(env, actor, token, now);
  if (!found.ok) return found;
  const built = await builtRoster();
  // The roster this Worker serves changed since the upload (a publication): the diff would be stale.
  if ((await baseOf(built)) !== found.row.base)
    return {
      ok: false,
      status: 409,
      error:
        '上传之后名册已经更新（有修改已经发布），这次上传的对比已不准确，未提交；请重新导出名册工作簿，在新工作簿上修改后再上传',
    };
  const files = JSON.parse(found.row.files) as { path: string; content: string }[];
  const today = todayInChina(now);
  const r = await draftWorkbook(files, req, { built, today, takenChangeIds: await openChangeIds(env.DB) });
  if (!r.ok) return { ok: false, status: 400, errors: r.errors, issues: [] };
  const refused = scopeRefusal(actor, built, r.draft, files);
  if (refused) return refused;
  return { ok: true, draft: r.draft, fileName: found.row.file_name, expires: found.row.expires_at, row: found.row };
}

/** Confirms a waiting upload: checked again, then saved as a proposal (once per token). */
export async function confirmUpload(
  env: Env,
  actor: Actor,
  token: string,
  req: { effective: string; summary: string },
  now: Date,
): Promise<{ ok: true; proposal: ProposalRow } | Exclude<UploadOutcome, { ok: true }>> {
  const r = await previewUpload(env, actor, token, req, now);
  if (!r.ok) return r;
  const at = now.toISOString();
  const claim = await env.DB.prepare(
    'UPDATE roster_uploads SET confirmed_at = ?2 WHERE token = ?1 AND confirmed_at IS NULL',
  )
    .bind(token, at)
    .run();
  if (claim.meta.changes !== 1) return { ok: false, status: 409, error: '这次上传已经确认提交过，不能重复提交' };
  let id: string;
  try {
    id = await insertProposal(env.DB, r.draft, actor.email, now, { note: `上传工作簿「${r.fileName}」` });
  } catch (e) {
    // Not saved: the upload may be confirmed again.
    await env.DB.prepare('UPDATE roster_uploads SET confirmed_at = NULL WHERE token = ?1').bind(token).run();
    throw e;
  }
  await env.DB.prepare('UPDATE roster_uploads SET proposal_id = ?2 WHERE token = ?1').bind(token, id).run();
  return { ok: true, proposal: (await getProposal(env.DB, id))! };
}

/** The workbook a form posted in its `file` field, or null when there is none. */
export async function workbookOf(form: FormData): Promise<{ name: string; bytes: Uint8Array } | null> {
  const f = form.get('file');
  if (!f || typeof f === 'string') return null;
  return { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
}

/** Room for the form's other fields and the multipart framing around the workbook. */
export const MAX_UPLOAD_POST_BYTES = MAX_WORKBOOK_BYTES + 64 * 1024;
