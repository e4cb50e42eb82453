/**
 * Answers in the spec's two formats: JSON, and XML with the spec's element
 * names (a list's items are named after the list: `services` → `service`,
 * `service_requests` → `request`, …). Errors are the spec's list of
 * `{code, description}` in either format.
 */
import type { Context } from 'hono';

export type Format = 'json' | 'xml';

/** `name.json` / `name.xml` → its parts; null for any other file name. */
export function splitFile(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

/** The element name of each item of a list element. */
const ITEM: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  errors: 'error',
};

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The XML document for `value` under the root element `root`. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

/** Answers `value` in `format`; `root` names the XML root element. */
export function answer(c: Context, format: Format, root: string, value: unknown, status: 200 | 201 = 200): Response {
  c.header('cache-control', 'no-store');
  if (format === 'xml') {
    return c.body(toXml(root, value), status, { 'content-type': 'text/xml; charset=utf-8' });
  }
  return c.json(value, status);
}

export type ErrorStatus = 400 | 403 | 404 | 413 | 415 | 422 | 429 | 500 | 503;

/** The spec's error list, one entry per description, all with the HTTP status as `code`. */
export function answerErrors(c: Context, format: Format, status: ErrorStatus, descriptions: string[]): Response {
  c.header('cache-control', 'no-store');
  const errors = descriptions.map((description) => ({ code: status, description }));
  if (format === 'xml') return c.body(toXml('errors', errors), status, { 'content-type': 'text/xml; charset=utf-8' });
  return c.json(errors, status);
}
