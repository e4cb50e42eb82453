/**
 * The one intake pipeline for a new complaint, as ordered Hono middleware.
 * Both entry points run it: `POST /api/complaints` (JSON answers) and the
 * form page's own post (`functions/services/complaints.ts`, which renders the
 * page from the outcome). Each entry point passes a responder that turns the
 * outcome into its kind of answer; the checks never differ between them.
 *
 * Order, and why:
 * 1. cross-site guard (403): a browser form post from another site (or a
 *    sibling subdomain) would let any page file complaints from its visitors'
 *    addresses, past the rate limit; also 503 when deployed without a salt;
 * 2. body: content type (415) and size (413) before anything is parsed;
 * 3. replay: a known idempotency key with the same payload answers with the
 *    first result (never rate limited, never re-checked by Turnstile, whose
 *    tokens are single-use); the same key with another payload is 422;
 * 4. validate: the schema (400, field messages; the honeypot is one of its rules);
 * 5. Turnstile, when configured (400 / 503);
 * 6. rate limit (429; 503 over the global ceiling), last of the checks, so
 *    fixing a typo costs no slot;
 * 7. store: one atomic D1 batch (complaint, event, deliveries, photo rows);
 *    any D1 failure is 503 and nothing is stored.
 *
 * Photos (multipart only, docs/photos.md) are checked and stripped with the
 * fields in (4) (413/415/400, every problem at once). In (7) their objects go
 * to R2 first under random keys; their rows join the complaint's batch,
 * written only if the complaint row is (a refused slot or a stored key writes
 * neither). Objects whose rows were not written are deleted at once, and the
 * hourly orphan cleanup removes any that a crash left behind.
 *
 * D1 round trips: a new complaint costs one. The replay check (3) and the
 * slot (6) are decided inside the store batch (7), in this order, since the
 * batch runs as one transaction (store.ts). Two cases look a key up early:
 * with Turnstile configured (a retry must be answered before its spent token
 * is checked) and when validation fails (a retry of a stored submission that
 * no longer validates, e.g. aged out, still gets its first answer).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import { publicBaseUrl } from '../public-url.ts';
import { deliverNow } from '../forwarding/outbox.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { routeProblem } from '../../domain/routing.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import {
  clean,
  FIELD_ORDER,
  isIdempotencyKey,
  MAX_BODY_BYTES,
  parseComplaint,
  payloadFingerprint,
  placesFromRoster,
  RECEIVED_NOTE,
  type ComplaintInput,
  type FieldError,
  type FormErrorCode,
  type RawComplaint,
} from '../../domain/complaint.ts';
import { intakeConfig, windowMinutes, type IntakeConfig } from './config.ts';
import { bodyKind, readComplaintBody, type BodyKind, type BodyResult } from './body.ts';
import { findByIdempotencyKey, type Receipt } from './queries.ts';
import { clientIp, complaintCounters, type Counter } from './rate-limit.ts';
import { StorageUnavailable, storeComplaint } from './store.ts';
import { photoErrorsStatus, type PreparedPhoto } from '../../domain/photos.ts';
import { photosFromForm } from '../photos/upload.ts';
import { deletePhotoObjects, insertPhotoStatement, putPhotoObjects, type StoredPhoto } from '../photos/store.ts';
import { TURNSTILE_FIELD, verifyTurnstile } from './turnstile.ts';

const places = placesFromRoster(rosterIndex);

/** Why a submission was not stored, with what the entry point needs to answer. */
export interface IntakeRejection {
  status: 400 | 403 | 413 | 415 | 422 | 429 | 503;
  /** The submitted text values, to show the form again (empty when the body was never read). */
  values: RawComplaint;
  /** Field messages (400). */
  errors: FieldError[];
  /** A problem with the whole submission; its message is `formErrorMessage(formError)`. */
  formError?: FormErrorCode;
  retryAfterSeconds?: number;
}

/** A stored complaint, or the earlier one a retry repeats (`created` false). */
export interface IntakeAcceptance {
  receipt: Receipt;
  created: boolean;
}

/** How an entry point answers; the pipeline decides, the responder only renders. */
export interface IntakeResponder {
  accepted(c: Context<IntakeEnv>, a: IntakeAcceptance): Response | Promise<Response>;
  rejected(c: Context<IntakeEnv>, r: IntakeRejection): Response | Promise<Response>;
}

/** What the steps hand on to each other. */
export interface IntakeState {
  cfg: IntakeConfig;
  salt: string;
  kind: BodyKind;
  raw: unknown;
  values: RawComplaint;
  turnstileToken: string | undefined;
  /** The multipart form when it carries photos. */
  photoForm: FormData | undefined;
  /** The photos, checked and stripped (validate). */
  photos: PreparedPhoto[];
  key: string | null;
  payloadHash: string;
  input: ComplaintInput;
  ip: string;
  ipHash: string;
  /** The rate-limit counters the store batch takes a slot on. */
  counters: Counter[];
}

export type IntakeEnv = AppEnv & { Variables: { intake: Partial<IntakeState> } };

type Step = MiddlewareHandler<IntakeEnv>;

/** Only the submitted strings of known fields: what a re-shown form may carry. */
function textValues(raw: unknown): RawComplaint {
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const kept: Record<string, string | boolean> = {};
  for (const f of FIELD_ORDER) {
    const v = given[f];
    if (typeof v === 'string' || (f === 'anonymous' && typeof v === 'boolean')) kept[f] = v;
  }
  return kept as RawComplaint;
}

function state(c: Context<IntakeEnv>): IntakeState {
  return c.get('intake') as IntakeState;
}

/**
 * True for a form post a browser sent from anywhere but this origin.
 * Browsers send `Sec-Fetch-Site` (or at least `Origin`) with every POST;
 * `same-site` is refused too, since a sibling subdomain is another party.
 * Scripts and curl send neither and are no forgery risk (JSON from another
 * site needs a CORS preflight this API never grants).
 */
export function crossSiteFormPost(req: Request): boolean {
  if (bodyKind(req.headers.get('content-type')) !== 'form') return false;
  const site = req.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.get('origin');
  return origin !== null && origin !== new URL(req.url).origin;
}

/** What another door to the same pipeline changes (Open311, functions/open311/requests.ts). */
export interface IntakeOptions {
  /** Reads the submission instead of `readComplaintBody` (a door with its own field names). */
  readBody?: (c: Context<IntakeEnv>) => Promise<BodyResult>;
  /**
   * Whether Turnstile applies when configured (default true). A door whose
   * callers hold an API key the office issued turns it off: a server cannot
   * solve a browser challenge, and the key is the accountable credential.
   */
  turnstile?: boolean;
}

/** The pipeline's steps in order; the last one stores and answers through `r.accepted`. */
export function intakeSteps(r: IntakeResponder, opts: IntakeOptions = {}): [Step, Step, Step, Step, Step, Step, Step] {
  const reject = (
    c: Context<IntakeEnv>,
    rej: Omit<IntakeRejection, 'values' | 'errors'> & Partial<IntakeRejection>,
  ) => {
    const s = c.get('intake');
    if (rej.retryAfterSeconds !== undefined) c.header('retry-after', String(rej.retryAfterSeconds));
    return r.rejected(c, { values: s?.values ?? {}, errors: [], ...rej });
  };

  const guard: Step = async (c, next) => {
    const cfg = intakeConfig(c.env);
    if (crossSiteFormPost(c.req.raw)) return reject(c, { status: 403, formError: 'cross_site' });
    if (!cfg.ipHashSalt) {
      console.error('intake: IP_HASH_SALT is not set, refusing complaints: run `npx wrangler secret put IP_HASH_SALT`');
      return reject(c, { status: 503, formError: 'unavailable', retryAfterSeconds: 300 });
    }
    c.set('intake', { cfg, salt: cfg.ipHashSalt });
    await next();
  };

  const body: Step = async (c, next) => {
    const s = c.get('intake');
    const read = opts.readBody ? await opts.readBody(c) : await readComplaintBody(c.req.raw, MAX_BODY_BYTES);
    if (!read.ok && read.status === 415) return reject(c, { status: 415, formError: 'unsupported_type' });
    s.kind = read.kind;
    if (!read.ok && read.status === 413)
      return reject(c, { status: 413, formError: read.photos ? 'photos_too_large' : 'too_large' });
    if (!read.ok) return reject(c, { status: 400, errors: [read.error] });
    s.raw = read.raw;
    s.values = textValues(read.raw);
    s.turnstileToken = read.turnstileToken;
    s.photoForm = read.photoForm;
    await next();
  };

  /** The answer to a retry of a stored key (200 or 422), or null when the key is new or absent. */
  const answerReplay = async (c: Context<IntakeEnv>): Promise<Response | null> => {
    const s = state(c);
    if (!s.key) return null;
    let prior;
    try {
      prior = await findByIdempotencyKey(c.env.DB, s.key);
    } catch {
      return reject(c, { status: 503, formError: 'unavailable', retryAfterSeconds: 60 });
    }
    if (prior && prior.payloadHash === s.payloadHash) return r.accepted(c, { receipt: prior.receipt, created: false });
    if (prior) return reject(c, { status: 422, formError: 'key_reused' });
    return null;
  };

  const replay: Step = async (c, next) => {
    const s = state(c);
    const given = (s.raw && typeof s.raw === 'object' ? s.raw : {}) as Record<string, unknown>;
    s.key = isIdempotencyKey(given.idempotencyKey) ? clean(given.idempotencyKey).toLowerCase() : null;
    s.payloadHash = await sha256Hex(payloadFingerprint(s.raw));
    // Without Turnstile the store batch checks the key itself (one round trip fewer).
    const early = s.cfg.turnstileSecret ? await answerReplay(c) : null;
    if (early) return early;
    await next();
  };

  const validate: Step = async (c, next) => {
    const s = state(c);
    const parsed = parseComplaint(s.raw, places);
    const photos = s.photoForm ? await photosFromForm(s.photoForm) : { ok: true as const, photos: [] };
    if (!parsed.ok || !photos.ok) {
      const photoErrors = photos.ok ? [] : photos.errors;
      const errors = [
        ...(parsed.ok ? [] : parsed.errors),
        ...photoErrors.map((e) => ({ field: e.field, message: e.message })),
      ];
      const status = photoErrors.length ? photoErrorsStatus(photoErrors) : 400;
      return (await answerReplay(c)) ?? reject(c, { status, errors });
    }
    s.input = parsed.value;
    s.photos = photos.photos;
    s.photoForm = undefined;
    s.ip = clientIp(c.req.raw);
    await next();
  };

  const turnstile: Step = async (c, next) => {
    const s = state(c);
    if (s.cfg.turnstileSecret && opts.turnstile !== false) {
      const verdict = await verifyTurnstile(s.cfg.turnstileSecret, s.turnstileToken, {
        hostname: new URL(publicBaseUrl(c.env)).hostname,
        remoteIp: s.ip,
        idempotencyKey: s.key,
      });
      if (verdict === 'unavailable')
        return reject(c, { status: 503, formError: 'turnstile_unavailable', retryAfterSeconds: 60 });
      if (verdict === 'failed') {
        const message = '请先完成人机验证（Turnstile），再提交；验证结果只能用一次，过期后请刷新页面';
        return reject(c, { status: 400, formError: 'turnstile', errors: [{ field: TURNSTILE_FIELD, message }] });
      }
    }
    await next();
  };

  // The counters only; the slot itself is taken in the store batch, after the key check.
  const rateLimit: Step = async (c, next) => {
    const s = state(c);
    const { clientHash, counters } = await complaintCounters(s.ip, s.cfg, s.salt);
    s.ipHash = clientHash;
    s.counters = counters;
    await next();
  };

  const store: Step = async (c) => {
    const s = state(c);
    const now = new Date();
    // Objects first (random keys, owner filled in per attempt below); their rows go in the complaint's batch.
    let photos: StoredPhoto[] = [];
    try {
      photos = await putPhotoObjects(c.env.PHOTOS, { kind: 'complaint', id: '' }, s.photos, now);
    } catch (e) {
      console.error('complaint photos not stored:', e);
      return reject(c, { status: 503, formError: 'unavailable', retryAfterSeconds: 60 });
    }
    const dropPhotos = () => deletePhotoObjects(c.env.PHOTOS, photos);
    try {
      const stored = await storeComplaint(
        c.env,
        {
          input: s.input,
          routing: routeProblem(rosterIndex, s.input)!,
          receivedAt: now.toISOString(),
          ipHash: s.ipHash,
          channel: s.kind === 'form' ? 'web' : 'api',
          receivedNote: RECEIVED_NOTE,
          payloadHash: s.payloadHash,
        },
        {
          slot: { counters: s.counters, nowMs: now.getTime() },
          also: (row) =>
            photos.map((p) => insertPhotoStatement(c.env.DB, { ...p, ownerId: row.id }, { ifComplaintRow: true })),
        },
      );
      if (!stored.created) await dropPhotos();
      if ('refused' in stored) {
        if (stored.refused.busy) return reject(c, { status: 503, formError: 'busy', retryAfterSeconds: 60 });
        return reject(c, { status: 429, formError: 'rate_limited', retryAfterSeconds: s.cfg.rateLimitWindowSeconds });
      }
      if (!stored.created) {
        if (stored.payloadHash !== s.payloadHash) return reject(c, { status: 422, formError: 'key_reused' });
        return r.accepted(c, { receipt: stored.receipt, created: false });
      }
      // No channel configured, nothing queued: skip the outbox's read.
      if (stored.deliveries > 0) c.executionCtx.waitUntil(deliverNow(c.env, stored.receipt.id));
      return r.accepted(c, { receipt: stored.receipt, created: true });
    } catch (e) {
      await dropPhotos();
      if (!(e instanceof StorageUnavailable)) throw e;
      console.error('complaint not stored:', e.cause ?? e);
      return reject(c, { status: 503, formError: 'unavailable', retryAfterSeconds: 60 });
    }
  };

  return [guard, body, replay, validate, turnstile, rateLimit, store];
}

/** The rate-limit window in minutes for a form-level message. */
export function messageMinutes(c: Context<IntakeEnv>): number {
  return windowMinutes(c.get('intake')?.cfg ?? intakeConfig(c.env));
}
