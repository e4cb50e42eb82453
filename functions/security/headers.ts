/**
 * The security headers of every answer: pages rendered by the Worker, the
 * API, errors, and (through the `_headers` file the build writes from this
 * same list) the prerendered pages and assets that Cloudflare serves without
 * running the Worker. One list, so the two cannot drift apart.
 */

/** The Turnstile widget's origin: its script and its iframe (only used when a site key is set). */
const TURNSTILE = 'https://challenges.cloudflare.com';

/**
 * The Content-Security-Policy the whole site satisfies: scripts only from
 * this origin (the build writes none inline) and Turnstile; styles from this
 * origin and inline `<style>` blocks (the build inlines page CSS; styles run
 * no code); forms post only here; no framing, plugins or `<base>`.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${TURNSTILE}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  `frame-src ${TURNSTILE}`,
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Headers every answer carries, deployed or local. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
};

/** HSTS: browsers ignore it over plain http, so it is sent on https answers only (deployed). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The answer with the security headers added (existing values kept, e.g. a
 * page's own Referrer-Policy), HSTS on https, and `charset=utf-8` on HTML.
 */
export function withSecurityHeaders(res: Response, url: URL): Response {
  // Responses from fetch() or the assets binding have immutable headers; copy those.
  let out = res;
  try {
    res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    out = new Response(res.body, res);
  }
  const h = out.headers;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!h.has(name)) h.set(name, value);
  if (url.protocol === 'https:' && !h.has('strict-transport-security')) h.set('strict-transport-security', HSTS);
  const type = h.get('content-type');
  if (type && /^text\/html\b/i.test(type) && !/charset=/i.test(type)) h.set('content-type', `${type}; charset=utf-8`);
  return out;
}

/** The `_headers` rule (Workers static assets) giving every static file the same headers. */
export function staticHeadersRule(): string {
  const lines = Object.entries({ ...SECURITY_HEADERS, 'strict-transport-security': HSTS }).map(
    ([name, value]) => `  ${name}: ${value}`,
  );
  return ['/*', ...lines, ''].join('\n');
}
