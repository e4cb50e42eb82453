/**
 * `/api/complaints`: citizens' complaints in, public progress out.
 *
 * POST order of checks, and why:
 * 0. a browser form post from another site is refused (403): otherwise any
 *    web page could make its visitors' browsers file complaints, each from a
 *    different address, past the rate limit;
 * 1. content type (415) and size (413) before anything is parsed;
 * 2. a known idempotency key answers with the first result at once, so a
 *    retry is never rate limited, never re-checked by Turnstile (tokens are
 *    single-use) and never stored twice;
 * 3. the schema (400, field messages; the honeypot is one of its rules);
 * 4. Turnstile, when configured (400 / 503);
 * 5. the rate limit (429), last, so fixing a typo costs no slot;
 * 6. one atomic D1 batch; any D1 failure is 503 and nothing is stored.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../types.ts';
import { deliverNow } from '../forwarding/outbox.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { routeProblem } from '../../domain/routing.ts';
import {
  clean,
  isIdempotencyKey,
  MAX_BODY_BYTES,
  parseComplaint,
  placesFromRoster,
  RECEIVED_NOTE,
  type RawComplaint,
} from '../../domain/complaint.ts';
import { normalizeTrackingCode } from '../../domain/tracking-code.ts';
import { intakeConfig, windowMinutes } from './config.ts';
import { bodyKind, readComplaintBody } from './body.ts';
import { findByIdempotencyKey, findPublicComplaint } from './queries.ts';
import { clientIp, hashClient, releaseSlot, takeSlot } from './rate-limit.ts';
import { answerInvalid, answerProblem, answerReceipt, wantsPage } from './respond.ts';
import { StorageUnavailable, storeComplaint } from './store.ts';
import { TURNSTILE_FIELD, verifyTurnstile } from './turnstile.ts';

const places = placesFromRoster(rosterIndex);

const UNSUPPORTED_TYPE =
  '不支持这种提交格式：请用 application/json、application/x-www-form-urlencoded 或 multipart/form-data 提交';
const NOT_FOUND = '没有找到这个查询编号的投诉。请核对编号（共 12 位字母和数字），或拨打 12369 环保热线查询';

/**
 * True for a form post a browser sent from another site. Browsers always send
 * `Sec-Fetch-Site` or `Origin` with a cross-site POST; scripts and curl send
 * neither and are not a forgery risk (JSON from another site needs a CORS
 * preflight this API never grants).
 */
function crossSiteFormPost(req: Request): boolean {
  if (bodyKind(req.headers.get('content-type')) !== 'form') return false;
  const site = req.headers.get('sec-fetch-site');
  if (site) return site === 'cross-site';
  const origin = req.headers.get('origin');
  return origin !== null && origin !== new URL(req.url).origin;
}

export const complaints = new Hono<AppEnv>()
  .post('/', async (c) => {
    if (crossSiteFormPost(c.req.raw)) return c.json({ error: '请在本站的投诉举报页面填写提交' }, 403);
    const cfg = intakeConfig(c.env);
    const minutes = windowMinutes(cfg);
    const db = c.env.DB;
    const body = await readComplaintBody(c.req.raw, MAX_BODY_BYTES);
    if (!body.ok && body.status === 415) return c.json({ error: UNSUPPORTED_TYPE }, 415);
    const page = body.kind === 'form' && wantsPage(c);
    if (!body.ok) {
      if (body.status === 413) return answerProblem(c, page, {}, 413, 'too_large', minutes);
      // Browsers never send an unreadable body, so this answer is always JSON.
      return answerInvalid(c, false, {}, [body.error]);
    }
    const raw = body.raw;
    const values = raw && typeof raw === 'object' ? (raw as RawComplaint) : {};
    const unavailable = () => answerProblem(c, page, values, 503, 'unavailable', minutes, 60);

    // 2. A retry of a stored submission.
    const key = isIdempotencyKey(values.idempotencyKey) ? clean(values.idempotencyKey).toLowerCase() : null;
    const replay = async () => (key ? await findByIdempotencyKey(db, key) : null);
    try {
      const prior = await replay();
      if (prior) return answerReceipt(c, prior, page, 200);
    } catch {
      return unavailable();
    }

    // 3. The schema.
    const parsed = parseComplaint(raw, places);
    if (!parsed.ok) return answerInvalid(c, page, values, parsed.errors);
    const input = parsed.value;

    // 4. Turnstile.
    const ip = clientIp(c.req.raw);
    if (cfg.turnstileSecret) {
      const verdict = await verifyTurnstile(cfg.turnstileSecret, body.turnstileToken, ip, key);
      if (verdict === 'unavailable') return answerProblem(c, page, values, 503, 'turnstile_unavailable', minutes, 60);
      if (verdict === 'failed') {
        const message = '请先完成人机验证（Turnstile），再提交；验证结果只能用一次，过期后请刷新页面';
        return answerInvalid(c, page, values, [{ field: TURNSTILE_FIELD, message }], 'turnstile');
      }
    }

    // 5. The rate limit.
    const now = Date.now();
    let slotId: string;
    let ipHash: string;
    try {
      ipHash = await hashClient(ip, cfg.ipHashSalt);
      const slot = await takeSlot(db, ipHash, cfg, now);
      if (!slot.ok) {
        // A burst of retries of one submission: the first may have been stored meanwhile.
        const prior = await replay();
        if (prior) return answerReceipt(c, prior, page, 200);
        return answerProblem(c, page, values, 429, 'rate_limited', minutes, cfg.rateLimitWindowSeconds);
      }
      slotId = slot.id;
    } catch {
      return unavailable();
    }

    // 6. Store.
    const routing = routeProblem(rosterIndex, input)!;
    try {
      const { receipt, created } = await storeComplaint(c.env, {
        input,
        routing,
        receivedAt: new Date(now).toISOString(),
        ipHash,
        channel: body.kind === 'form' ? 'web' : 'api',
        receivedNote: RECEIVED_NOTE,
      });
      if (!created) {
        await releaseSlot(db, slotId);
        return answerReceipt(c, receipt, page, 200);
      }
      c.executionCtx.waitUntil(deliverNow(c.env, receipt.id));
      return answerReceipt(c, receipt, page, 201);
    } catch (e) {
      if (!(e instanceof StorageUnavailable)) throw e;
      console.error('complaint not stored:', e.cause ?? e);
      await releaseSlot(db, slotId);
      return unavailable();
    }
  })
  .get('/:code', async (c) => {
    const code = normalizeTrackingCode(c.req.param('code'));
    if (!code) return c.json({ error: NOT_FOUND }, 404);
    try {
      const found = await findPublicComplaint(c.env.DB, code);
      c.header('cache-control', 'no-store');
      if (!found) return c.json({ error: NOT_FOUND }, 404);
      return c.json(found, 200);
    } catch {
      return c.json({ error: '系统暂时无法查询，请稍后再试，或拨打 12369 环保热线' }, 503);
    }
  });
