/**
 * The public site's origin, for every absolute link the Worker writes (API
 * answers, forwarded messages) and the host Turnstile tokens must come from.
 * Never the request's Host header, which any client can set.
 */

/** Used only when neither PUBLIC_BASE_URL nor the build's SITE_URL is set. */
export const DEFAULT_PUBLIC_BASE_URL = 'http://localhost:8787';

/** The origin without a trailing slash: the var PUBLIC_BASE_URL, else the build's SITE_URL. */
export function publicBaseUrl(env: Partial<Env>): string {
  const v = typeof env.PUBLIC_BASE_URL === 'string' ? env.PUBLIC_BASE_URL.trim() : '';
  return (v || import.meta.env.SITE || DEFAULT_PUBLIC_BASE_URL).replace(/\/+$/, '');
}

/** An absolute URL on the public site for `path`. */
export function publicUrl(env: Partial<Env>, path: string): string {
  return new URL(path, `${publicBaseUrl(env)}/`).href;
}
