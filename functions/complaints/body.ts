/**
 * Reads a complaint request body: JSON, URL-encoded form or multipart form,
 * at most MAX_BODY_BYTES, counted both from Content-Length and from the bytes
 * actually received (a chunked upload has no Content-Length, and a header is
 * only a claim). Produces the raw field values the schema validates.
 */
import { FIELD_ORDER, type FieldError, type RawComplaint } from '../../domain/complaint.ts';
import { TURNSTILE_FIELD } from './turnstile.ts';

/** How the client talks: 'json' gets JSON answers, 'form' gets pages and redirects. */
export type BodyKind = 'json' | 'form';

export type BodyResult =
  | { ok: true; kind: BodyKind; raw: unknown; turnstileToken: string | undefined }
  | { ok: false; status: 400; kind: BodyKind; error: FieldError }
  | { ok: false; status: 413; kind: BodyKind }
  | { ok: false; status: 415 };

/** The body kind for a Content-Type, or null for a type the API does not take. */
export function bodyKind(contentType: string | null): BodyKind | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') return 'form';
  return null;
}

/** The whole body, or null as soon as it is longer than `max` bytes (the rest is never read). */
export async function readCapped(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The first text value of each known field of a form; files and unknown fields are ignored. */
function formValues(form: FormData): { raw: RawComplaint; token: string | undefined } {
  const raw: Record<string, string> = {};
  for (const name of FIELD_ORDER) {
    const v = form.get(name);
    if (typeof v === 'string') raw[name] = v;
  }
  const token = form.get(TURNSTILE_FIELD);
  return { raw, token: typeof token === 'string' ? token : undefined };
}

const BAD_JSON: FieldError = {
  field: 'body',
  message: '请求内容不是有效的 JSON：请检查引号、逗号和括号，并用 UTF-8 编码',
};
const BAD_FORM: FieldError = { field: 'body', message: '表单内容无法读取，请刷新页面后重新填写提交' };

/** Reads and parses the request body of `POST /api/complaints`. */
export async function readComplaintBody(request: Request, max: number): Promise<BodyResult> {
  const contentType = request.headers.get('content-type');
  const kind = bodyKind(contentType);
  if (!kind) return { ok: false, status: 415 };
  const bytes = await readCapped(request, max);
  if (!bytes) return { ok: false, status: 413, kind };
  if (kind === 'json') {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return { ok: false, status: 400, kind, error: BAD_JSON };
    }
    const token =
      raw && typeof raw === 'object' && typeof (raw as Record<string, unknown>)[TURNSTILE_FIELD] === 'string'
        ? ((raw as Record<string, unknown>)[TURNSTILE_FIELD] as string)
        : undefined;
    return { ok: true, kind, raw, turnstileToken: token };
  }
  try {
    const form = await new Response(bytes, { headers: { 'content-type': contentType! } }).formData();
    const { raw, token } = formValues(form);
    return { ok: true, kind, raw, turnstileToken: token };
  } catch {
    return { ok: false, status: 400, kind, error: BAD_FORM };
  }
}
