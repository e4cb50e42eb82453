/**
 * Reading a group robot's answer. WeCom and DingTalk both answer HTTP 200 with
 * `{"errcode":0,"errmsg":"ok"}` on success and a non-zero errcode otherwise.
 */
import { httpFailure, snippet, type HttpAnswer, type SendResult } from '../http.ts';

/**
 * Classifies a robot's answer: HTTP failures as for any receiver; errcode 0
 * delivered; the platform's busy and rate-limit codes retried; any other
 * errcode (bad key, removed robot, signature or keyword mismatch, bad
 * message) dead at once, with the code and message kept.
 */
export function robotResult(answer: HttpAnswer, retryable: ReadonlySet<number>): SendResult {
  if (answer.status < 200 || answer.status >= 300) return httpFailure(answer);
  let body: { errcode?: unknown; errmsg?: unknown };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return { outcome: 'retry', httpStatus: answer.status, error: `应答不是 JSON：${snippet(answer.text)}` };
  }
  const code = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode);
  if (code === 0) return { outcome: 'delivered', httpStatus: answer.status };
  const error = `errcode ${Number.isNaN(code) ? '缺失' : code}：${snippet(String(body.errmsg ?? ''))}`;
  return { outcome: retryable.has(code) ? 'retry' : 'dead', httpStatus: answer.status, error };
}
