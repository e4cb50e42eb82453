/**
 * HTTPS webhook to the district grid office's own system: the message model
 * as JSON, signed so the office can tell it came from EnvGrid unaltered.
 *
 * Headers: `X-EnvGrid-Timestamp` (Unix seconds), `X-EnvGrid-Signature` (hex
 * HMAC-SHA256 of `timestamp + "." + body` keyed with FORWARD_WEBHOOK_SECRET),
 * `Idempotency-Key` (the same on every attempt for this complaint).
 */
import { checkTargetUrl } from '../config.ts';
import { signBody } from '../../../domain/signature.ts';
import { httpFailure, post, thrownFailure } from '../http.ts';
import type { ForwardMessage } from '../message.ts';
import type { ChannelSend } from './types.ts';

export const WEBHOOK_EVENT = 'complaint.received';

/** The JSON body. It does not change between attempts; only the signature headers do. */
export function webhookBody(m: ForwardMessage, idempotencyKey: string): string {
  return JSON.stringify({ event: WEBHOOK_EVENT, version: 1, idempotencyKey, complaint: m });
}

/** The signature headers for a body sent at `now` (the one scheme: domain/signature.ts). */
export const signWebhook = signBody;

export const sendWebhook: ChannelSend = async ({ message, delivery, config, now }) => {
  const cfg = config.webhook;
  if (!cfg) return { outcome: 'retry', error: '网格办系统接口未配置：请设置 FORWARD_WEBHOOK_URL' };
  const bad = checkTargetUrl('FORWARD_WEBHOOK_URL', cfg.url);
  if (bad) return { outcome: 'retry', error: bad };
  if (!cfg.secret) {
    return { outcome: 'retry', error: '未设置 FORWARD_WEBHOOK_SECRET，无法签名：请用 wrangler secret put 设置' };
  }
  const body = webhookBody(message, delivery.idempotencyKey);
  const headers = {
    ...(await signWebhook(cfg.secret, body, now)),
    'idempotency-key': delivery.idempotencyKey,
    'x-envgrid-delivery': delivery.id,
    'x-envgrid-attempt': String(delivery.attempts),
  };
  try {
    const answer = await post(cfg.url, body, headers, config.timeoutMs);
    return answer.status >= 200 && answer.status < 300
      ? { outcome: 'delivered', httpStatus: answer.status }
      : httpFailure(answer);
  } catch (e) {
    return thrownFailure(e, config.timeoutMs);
  }
};
