/**
 * Reads a complaint request body: JSON, URL-encoded form or multipart form,
 * at most MAX_BODY_BYTES, counted both from Content-Length and from the bytes
 * actually received (a chunked upload has no Content-Length, and a header is
 * only a claim). Produces the raw field values the schema validates.
 *
 * Only a multipart body may carry photos (the `photos` field), so only it is
 * read up to PHOTO_FORM_MAX_BYTES (three photos of 10 MB and the fields),
 * still capped while reading; one that turns out to hold no photo must fit
 * the small limit like every other body.
 */
import { FIELD_ORDER, type FieldError, type RawComplaint } from '../../domain/complaint.ts';
import { PHOTO_FORM_MAX_BYTES } from '../../domain/photos.ts';
import { photoParts } from '../photos/upload.ts';
import { TURNSTILE_FIELD } from './turnstile.ts';

/** How the client talks: 'json' gets JSON answers, 'form' gets pages and redirects. */
export type BodyKind = 'json' | 'form';

export type BodyResult =
  | {
      ok: true;
      kind: BodyKind;
      raw: unknown;
      turnstileToken: string | undefined;
      /** The parsed multipart form when it carries photos (read by photosFromForm). */
      photoForm?: FormData;
    }
  | { ok: false; status: 400; kind: BodyKind; error: FieldError }
  /** `photos`: the body was multipart, so it may have been over the photo limit. */
  | { ok: false; status: 413; kind: BodyKind; photos?: boolean }
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

/** True for a multipart Content-Type (the only kind that may carry photos). */
function isMultipart(contentType: string | null): boolean {
  return /^\s*multipart\/form-data\s*(;|$)/i.test(contentType ?? '');
}

/** Reads and parses the request body of `POST /api/complaints`. */
export async function readComplaintBody(request: Request, max: number): Promise<BodyResult> {
  const contentType = request.headers.get('content-type');
  const kind = bodyKind(contentType);
  if (!kind) return { ok: false, status: 415 };
  const multipart = isMultipart(contentType);
  const bytes = await readCapped(request, multipart ? Math.max(max, PHOTO_FORM_MAX_BYTES) : max);
  if (!bytes) return { ok: false, status: 413, kind, photos: multipart };
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
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType! } }).formData();
  } catch {
    return { ok: false, status: 400, kind, error: BAD_FORM };
  }
  const photos = multipart && photoParts(form).length > 0;
  if (!photos && bytes.length > max) return { ok: false, status: 413, kind };
  const { raw, token } = formValues(form);
  return { ok: true, kind, raw, turnstileToken: token, ...(photos ? { photoForm: form } : {}) };
}
