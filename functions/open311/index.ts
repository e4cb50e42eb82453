/**
 * Open311 GeoReport v2 at /open311/v2 (docs/open311.md): discovery, the
 * services (one per problem category), new requests and their progress.
 *
 * A new request goes through the citizen API's own intake pipeline
 * (functions/complaints/intake.ts: the same validation, idempotency, rate
 * limits and single atomic store); only the field names and the answers
 * differ. Reading needs no key for requests named by id (like the status
 * page, within the same per-client lookup limit); listing by filters needs an
 * API key. Answers never carry a private field (functions/open311/requests.ts).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import { intakeSteps, messageMinutes, type IntakeEnv, type IntakeResponder } from '../complaints/intake.ts';
import { bodyKind, readCapped } from '../complaints/body.ts';
import { lookupComplaint } from '../complaints/lookup.ts';
import { publicUrl } from '../public-url.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { formErrorMessage, MAX_BODY_BYTES, type RawComplaint } from '../../domain/complaint.ts';
import { statusPath } from '../../domain/paths.ts';
import { CODE_EXAMPLE, formatTrackingCode, normalizeTrackingCode } from '../../domain/tracking-code.ts';
import {
  complaintFromOpen311,
  isServiceCode,
  OPEN311_BASE_PATH,
  open311Description,
  serviceDefinition,
  services,
  SPECIFICATION_URL,
} from '../../domain/open311.ts';
import { checkApiKey } from './keys.ts';
import { answer, answerErrors, splitFile, type Format } from './format.ts';
import { matchingRequests, serviceRequests, type RequestFilter, type ServiceRequest } from './requests.ts';

type C = Context<IntakeEnv>;

/** Each POST's submission in complaint fields, from its form reader to the pipeline's body step. */
const submissions = new WeakMap<Request, RawComplaint>();

/** When this API's shape last changed (the spec's `changeset`). */
const CHANGESET = '2026-12-02T00:00:00Z';
const FORMATS: Format[] = ['json', 'xml'];
/** Most requests one GET answers (newest first); the default date range when none is given. */
export const LIST_LIMIT = 100;
export const DEFAULT_RANGE_DAYS = 90;
/** Most ids one keyless GET may name (each costs a lookup of the per-client limit). */
export const MAX_IDS = 10;

const NOT_FOUND = '没有这个接口：可用的接口见 discovery.json';
const BAD_KEY = 'api_key：缺少或无效的 API 密钥。密钥由区网格办签发，请联系区网格办';
const UNAVAILABLE = '系统暂时无法处理，请过几分钟再试';

/** The form of a POST: read once, capped, the API key checked, mapped to complaint fields. */
function readOpen311Form(format: Format): MiddlewareHandler<IntakeEnv> {
  return async (c, next) => {
    if (bodyKind(c.req.header('content-type') ?? null) !== 'form') {
      return answerErrors(c, format, 415, [
        '请用 application/x-www-form-urlencoded（或 multipart/form-data）提交，字段见 docs/open311.md',
      ]);
    }
    const bytes = await readCapped(c.req.raw, MAX_BODY_BYTES);
    if (!bytes) return answerErrors(c, format, 413, [formErrorMessage('too_large')]);
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': c.req.header('content-type')! } }).formData();
    } catch {
      return answerErrors(c, format, 400, ['表单内容无法读取：请用 UTF-8 编码的表单提交']);
    }
    const get = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    let holder: string | null;
    try {
      holder = await checkApiKey(c.env.DB, get('api_key'));
    } catch {
      return answerErrors(c, format, 503, [UNAVAILABLE]);
    }
    if (!holder) return answerErrors(c, format, 403, [BAD_KEY]);
    submissions.set(c.req.raw, complaintFromOpen311(get, rosterIndex));
    await next();
  };
}

/** How the intake pipeline's outcome is answered in the spec's shapes. */
function responder(format: Format): IntakeResponder {
  return {
    accepted: (c, a) => {
      c.header(
        'location',
        publicUrl(c.env, `${OPEN311_BASE_PATH}/requests/${formatTrackingCode(a.receipt.trackingCode)}.${format}`),
      );
      const notice = `已收到，查询编号 ${formatTrackingCode(a.receipt.trackingCode)}。进展见 ${publicUrl(c.env, statusPath(a.receipt.trackingCode))}`;
      const body = [
        { service_request_id: formatTrackingCode(a.receipt.trackingCode), service_notice: notice, account_id: null },
      ];
      return answer(c, format, 'service_requests', body, a.created ? 201 : 200);
    },
    rejected: (c, r) => {
      const descriptions = r.errors.length
        ? r.errors.map(open311Description)
        : [formErrorMessage(r.formError ?? 'unavailable', messageMinutes(c))];
      return answerErrors(c, format, r.status, descriptions);
    },
  };
}

/** The comma-separated values of a query parameter, or null when absent or empty. */
function list(v: string | undefined): string[] | null {
  const items = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : null;
}

/** The filters of `GET requests`, or the descriptions of what is wrong with them. */
function readFilter(
  q: Record<string, string>,
  now: Date,
): { ok: true; value: RequestFilter } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const rawIds = list(q.service_request_id);
  const ids = rawIds?.map((id) => normalizeTrackingCode(id)) ?? null;
  if (ids?.some((id) => !id))
    errors.push(`service_request_id：请填写查询编号，如 ${CODE_EXAMPLE}；多个编号用英文逗号隔开`);
  const codes = list(q.service_code);
  if (codes?.some((s) => !isServiceCode(s)))
    errors.push(
      `service_code：没有这个服务，可选：${services()
        .map((s) => s.service_code)
        .join('、')}`,
    );
  const date = (name: 'start_date' | 'end_date') => {
    const v = q[name]?.trim();
    if (!v) return null;
    const t = Date.parse(v);
    if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) {
      errors.push(`${name}：请用 W3C 日期时间格式，如 2026-12-01T00:00:00+08:00`);
      return null;
    }
    return new Date(t);
  };
  const start = date('start_date');
  const end = date('end_date');
  const status = q.status?.trim() || null;
  const statuses = list(status ?? undefined);
  if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
    errors.push('status：只能是 open 或 closed（或两者，用逗号隔开）');
  if (errors.length) return { ok: false, errors };
  // Named requests are found whenever they were filed; a search covers DEFAULT_RANGE_DAYS unless told otherwise.
  const to = end ?? (ids ? new Date('9999-12-31T00:00:00Z') : now);
  const from = start ?? (ids ? new Date(0) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * 86_400_000));
  return {
    ok: true,
    value: {
      ids: ids as string[] | null,
      serviceCodes: codes,
      from: from.toISOString(),
      to: new Date(to.getTime() + (end ? 1 : 0)).toISOString(),
      status: statuses?.length === 1 ? (statuses[0] as 'open' | 'closed') : null,
      limit: LIST_LIMIT,
    },
  };
}

/**
 * Whether this GET may read: with a valid API key, anything; without one,
 * only requests named by id, each counted against the status page's
 * per-client lookup limit. The refusal to send otherwise.
 */
async function readAccess(c: C, format: Format, ids: string[] | null): Promise<Response | null> {
  const key = c.req.query('api_key');
  if (key !== undefined) return (await checkApiKey(c.env.DB, key)) ? null : answerErrors(c, format, 403, [BAD_KEY]);
  if (!ids) {
    return answerErrors(c, format, 403, [
      'api_key：按条件列出请求需要 API 密钥；只查看自己的请求，请用 service_request_id 或 requests/{id} 查询',
    ]);
  }
  if (ids.length > MAX_IDS) return answerErrors(c, format, 400, [`service_request_id：一次最多查询 ${MAX_IDS} 个编号`]);
  for (const id of ids) {
    const found = await lookupComplaint(c.env, c.req.raw, id);
    if (found.status === 'limited') {
      c.header('retry-after', '60');
      return answerErrors(c, format, 429, [found.message]);
    }
    if (found.status === 'unavailable') return answerErrors(c, format, 503, [found.message]);
  }
  return null;
}

/** The requests a GET asks for, or the refusal to send. */
async function findRequests(
  c: C,
  format: Format,
  q: Record<string, string>,
): Promise<{ ok: true; list: ServiceRequest[] } | { ok: false; res: Response }> {
  const f = readFilter(q, new Date());
  if (!f.ok) return { ok: false, res: answerErrors(c, format, 400, f.errors) };
  const refused = await readAccess(c, format, f.value.ids);
  if (refused) return { ok: false, res: refused };
  return { ok: true, list: await serviceRequests(c.env.DB, await matchingRequests(c.env.DB, f.value)) };
}

const app = new Hono<IntakeEnv>();
app.onError((err, c) => {
  console.error('open311: unhandled error', err);
  return answerErrors(c, 'json', 500, ['服务器暂时无法处理，请稍后再试']);
});

for (const format of FORMATS) {
  app.get(`/discovery.${format}`, (c) =>
    answer(c, format, 'discovery', {
      changeset: CHANGESET,
      contact: `${rosterIndex.roster.district.office.name}（${rosterIndex.roster.district.name}）`,
      key_service: '提交请求需要 API 密钥，由区网格办签发',
      endpoints: [
        {
          specification: SPECIFICATION_URL,
          url: publicUrl(c.env, OPEN311_BASE_PATH),
          changeset: CHANGESET,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    }),
  );
  app.get(`/services.${format}`, (c) => answer(c, format, 'services', services()));
  app.post(
    `/requests.${format}`,
    readOpen311Form(format),
    ...intakeSteps(responder(format), {
      readBody: async (c) => ({ ok: true, kind: 'json', raw: submissions.get(c.req.raw), turnstileToken: undefined }),
      turnstile: false,
    }),
  );
  app.get(`/requests.${format}`, async (c) => {
    const found = await findRequests(c, format, c.req.query());
    return found.ok ? answer(c, format, 'service_requests', found.list) : found.res;
  });
}

app.get('/services/:file', (c) => {
  const file = splitFile(c.req.param('file'));
  if (!file) return answerErrors(c, 'json', 404, [NOT_FOUND]);
  if (!isServiceCode(file.name)) {
    return answerErrors(c, file.format, 404, [`没有服务 ${file.name}：服务列表见 services.${file.format}`]);
  }
  return answer(c, file.format, 'service_definition', serviceDefinition(file.name, rosterIndex));
});

app.get('/requests/:file', async (c) => {
  const file = splitFile(c.req.param('file'));
  if (!file) return answerErrors(c, 'json', 404, [NOT_FOUND]);
  const found = await findRequests(c, file.format, { ...c.req.query(), service_request_id: file.name });
  if (!found.ok) return found.res;
  if (!found.list.length) return answerErrors(c, file.format, 404, [`没有查询编号为 ${file.name} 的请求，请核对编号`]);
  return answer(c, file.format, 'service_requests', found.list);
});

app.all('*', (c) => answerErrors(c, 'json', 404, [NOT_FOUND]));

/** The Open311 sub-app, mounted at OPEN311_BASE_PATH by functions/app.ts. */
export const open311 = app as unknown as Hono<AppEnv>;
