/**
 * `POST /api/office/updates`: the district grid office's own system (or a
 * 12345/12369 bridge) posts a case action, signed with the scheme the
 * forwarding webhook uses (domain/signature.ts) under the shared secret
 * OFFICE_UPDATE_SECRET. The action runs through the case desk's own code
 * (`takeAction`: the same state machine, permissions and validation) as the
 * directory member the update names in `actor`.
 *
 * Each update carries an `idempotencyKey`; the row recording it is written in
 * the same D1 batch as the action, so an update is applied at most once. A
 * replay (a retry after a lost answer) gets the first answer again with 200;
 * the same key with another body is 422. Refusals (400/403/404/409) are not
 * recorded, so the sender may fix the cause and retry under the same key.
 *
 * Order: 503 (no secret) · 415/413 · 401 (missing, stale or bad signature,
 * checked before the body is parsed) · 400 (JSON, envelope) · replay · 403
 * (actor) · the case desk's 404/403/409/400.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../types.ts';
import { readCapped } from '../complaints/body.ts';
import { findStaff } from '../staff/identity.ts';
import { takeAction, type AppliedAction } from '../staff/cases/act.ts';
import { assignCutoff } from '../staff/cases/config.ts';
import { SIGNATURE_HEADER, SIGNATURE_WINDOW_SECONDS, TIMESTAMP_HEADER, verifyBody } from '../../domain/signature.ts';
import { isUuid, sha256Hex } from '../../domain/crypto.ts';
import type { FieldError } from '../../domain/complaint-rules.ts';
import { CODE_EXAMPLE, formatTrackingCode, normalizeTrackingCode } from '../../domain/tracking-code.ts';

const MAX_BODY = 64 * 1024;

/** What the sender is told for each signature problem (the reason also goes to the log). */
const SIGNATURE_REFUSALS = {
  missing: `缺少签名：请带上 X-EnvGrid-Timestamp 和 X-EnvGrid-Signature 请求头（签名方法见 docs/office-updates.md）`,
  stale: `签名时间超出 ±${SIGNATURE_WINDOW_SECONDS} 秒的有效范围：请核对发送方服务器的时钟，并用当前时间重新签名`,
  bad: '签名不正确：请核对共享密钥，并对原样发送的请求正文计算签名',
} as const;

/** The answer an applied update gets, the first time and on every replay. */
export interface UpdateReceipt {
  idempotencyKey: string;
  trackingCode: string;
  action: AppliedAction['action'];
  seq: number;
  fromState: AppliedAction['from'];
  state: AppliedAction['to'];
  at: string;
}

interface Envelope {
  key: string;
  code: string;
  actor: string;
}

/** The update's own fields (the rest is the case desk's action body), or their problems. */
function readEnvelope(body: unknown): { ok: true; value: Envelope } | { ok: false; errors: FieldError[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ field: 'body', message: '请求内容应是一个 JSON 对象，如 {"idempotencyKey":"…","case":"…"}' }],
    };
  }
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const key = typeof b.idempotencyKey === 'string' ? b.idempotencyKey.trim().toLowerCase() : '';
  if (!isUuid(key))
    errors.push({ field: 'idempotencyKey', message: '请为每次更新生成一个 UUID 作为 idempotencyKey（重发时不变）' });
  const code = typeof b.case === 'string' ? normalizeTrackingCode(b.case) : null;
  if (!code) errors.push({ field: 'case', message: `请填写案件的查询编号，如 ${CODE_EXAMPLE}` });
  const actor = typeof b.actor === 'string' ? b.actor.trim().toLowerCase() : '';
  if (!actor) errors.push({ field: 'actor', message: '请填写办理人在工作人员名录中的邮箱（actor）' });
  return errors.length ? { ok: false, errors } : { ok: true, value: { key, code: code!, actor } };
}

interface UpdateRow {
  body_hash: string;
  result: string;
}

function findUpdate(db: D1Database, key: string): Promise<UpdateRow | null> {
  return db.prepare('SELECT body_hash, result FROM office_updates WHERE update_id = ?1').bind(key).first<UpdateRow>();
}

/** The first answer again, or 422 when the key was used for another update. */
function replay(c: Context<AppEnv>, row: UpdateRow, bodyHash: string): Response {
  if (row.body_hash !== bodyHash) {
    return c.json(
      { error: '这个 idempotencyKey 已用于另一条不同的更新，本次没有执行：新的更新请换一个新的 UUID' },
      422,
    );
  }
  c.header('x-envgrid-replay', 'true');
  return c.json(JSON.parse(row.result) as UpdateReceipt, 200);
}

export const officeUpdates = new Hono<AppEnv>().post('/', async (c) => {
  c.header('cache-control', 'no-store');
  const secret = c.env.OFFICE_UPDATE_SECRET;
  if (!secret) {
    console.error(
      'office updates: OFFICE_UPDATE_SECRET is not set, refusing: run `npx wrangler secret put OFFICE_UPDATE_SECRET`',
    );
    return c.json({ error: '状态回传接口尚未配置共享密钥，暂停使用；请联系系统管理员' }, 503);
  }
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    return c.json({ error: '请用 JSON 提交（Content-Type: application/json）' }, 415);
  }
  const bytes = await readCapped(c.req.raw, MAX_BODY);
  if (!bytes) return c.json({ error: `请求内容超过 ${MAX_BODY / 1024} KB` }, 413);
  let text: string;
  try {
    // The signature covers the bytes as sent: no BOM stripping, no repair of broken UTF-8.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return c.json({ errors: [{ field: 'body', message: '请求内容不是有效的 UTF-8 文本' }] }, 400);
  }
  const now = new Date();
  const check = await verifyBody(
    secret,
    text,
    { timestamp: c.req.header(TIMESTAMP_HEADER), signature: c.req.header(SIGNATURE_HEADER) },
    now,
  );
  if (check !== 'ok') {
    console.warn(`office updates: 401, signature ${check}`);
    return c.json({ error: SIGNATURE_REFUSALS[check] }, 401);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return c.json({ errors: [{ field: 'body', message: '请求内容不是有效的 JSON' }] }, 400);
  }
  const env = readEnvelope(body);
  if (!env.ok) return c.json({ errors: env.errors }, 400);
  const { key, code, actor } = env.value;
  const bodyHash = await sha256Hex(text);

  const prior = await findUpdate(c.env.DB, key);
  if (prior) return replay(c, prior, bodyHash);

  const staff = await findStaff(c.env.DB, actor);
  if (!staff) {
    return c.json({ error: `办理人 ${actor} 不在工作人员名录中（或已移出）：请用 npm run staff -- list 核对` }, 403);
  }

  let receipt: UpdateReceipt | undefined;
  const record = (a: AppliedAction): D1PreparedStatement[] => {
    receipt = {
      idempotencyKey: key,
      trackingCode: formatTrackingCode(a.trackingCode),
      action: a.action,
      seq: a.seq,
      fromState: a.from,
      state: a.to,
      at: a.at,
    };
    return [
      c.env.DB.prepare(
        `INSERT INTO office_updates (update_id, body_hash, complaint_id, seq, received_at, result)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
      ).bind(key, bodyHash, a.complaintId, a.seq, a.at, JSON.stringify(receipt)),
    ];
  };
  const r = await takeAction(c.env.DB, staff, code, body, now, assignCutoff(c.env), { also: record });
  if (r.ok) return c.json(receipt!, 200);
  if (r.status === 409) {
    // A concurrent copy of this very update may have won the race: answer as its replay.
    const raced = await findUpdate(c.env.DB, key);
    if (raced) return replay(c, raced, bodyHash);
    return c.json({ error: r.error, allowed: r.allowed }, 409);
  }
  if (r.status === 400) return c.json({ errors: r.errors }, 400);
  return c.json({ error: r.error }, r.status);
});
