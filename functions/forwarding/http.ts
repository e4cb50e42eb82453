/**
 * What one send attempt came to, and the HTTP plumbing the HTTP channels share:
 * a POST with a timeout, and the rule for which failures are worth retrying.
 */

export type Outcome = 'delivered' | 'retry' | 'dead';

export interface SendResult {
  outcome: Outcome;
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: number;
  /** Why it failed, for operators (Chinese, with the receiver's words where useful). */
  error?: string;
}

export interface HttpAnswer {
  status: number;
  /** The first part of the response body (enough for an error code or message). */
  text: string;
}

const MAX_BODY_CHARS = 2000;

/** Shortens a receiver's answer for the attempts log. */
export function snippet(text: string, max = 300): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/**
 * POSTs `body` and reads the start of the answer. Throws on network failure or
 * timeout (as `TimeoutError`). Redirects are not followed: the office's address
 * must be configured exactly, and a signed body must not travel elsewhere.
 */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'EnvGrid-Forwarder/1', ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = (await res.text()).slice(0, MAX_BODY_CHARS);
  return { status: res.status, text };
}

/** 2xx delivered; 408, 429 and 5xx retried; anything else (other 4xx, 3xx) dead at once. */
export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'dead';
}

/** The result for a non-2xx answer, keeping the status and the receiver's words. */
export function httpFailure(a: HttpAnswer): SendResult {
  const words = snippet(a.text);
  const why = a.status >= 300 && a.status < 400 ? '（地址发生跳转，请填写最终地址）' : '';
  return {
    outcome: classifyStatus(a.status),
    httpStatus: a.status,
    error: `HTTP ${a.status}${why}${words ? `：${words}` : ''}`,
  };
}

/** The result for a send that threw: timeouts and network errors are retried. */
export function thrownFailure(e: unknown, timeoutMs: number): SendResult {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return { outcome: 'retry', error: `超时：${timeoutMs} 毫秒内没有应答` };
  }
  return { outcome: 'retry', error: `无法连接：${snippet(err.message)}` };
}

/** Runs a send with a deadline; rejects with a `TimeoutError` when it passes. */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`timed out after ${timeoutMs} ms`);
      e.name = 'TimeoutError';
      reject(e);
    }, timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
