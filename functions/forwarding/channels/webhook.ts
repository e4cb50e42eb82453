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
import { httpFailure, post, thrownFailure, type SendResult } from '../http.ts';
import type { ForwardMessage } from '../message.ts';
import type { ChannelSend, ClaimedDelivery } from './types.ts';

export const WEBHOOK_EVENT = 'complaint.received';

/** The JSON body. It does not change between attempts; only the signature headers do. */
export function webhookBody(m: ForwardMessage, idempotencyKey: string): string {
  return JSON.stringify({ event: WEBHOOK_EVENT, version: 1, idempotencyKey, complaint: m });
}

/** The signature headers for a body sent at `now` (the one scheme: domain/signature.ts). */
export const signWebhook = signBody;

/** Where a signed webhook's URL and secret are configured, named in its errors. */
export interface WebhookSettings {
  url: string;
  secret: string;
  /** What to do about a missing secret. */
  secretHint: string;
}

/**
 * POSTs a JSON body signed with the scheme above, with the delivery's
 * idempotency headers. Used for complaints and digests.
 */
export async function postSigned(
  target: { url: string; secret: string },
  settings: WebhookSettings,
  body: string,
  delivery: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
): Promise<SendResult> {
  const bad = checkTargetUrl(settings.url, target.url);
  if (bad) return { outcome: 'retry', error: bad };
  if (!target.secret) return { outcome: 'retry', error: `未设置 ${settings.secret}，无法签名：${settings.secretHint}` };
  const headers = {
    ...(await signWebhook(target.secret, body, now)),
    'idempotency-key': delivery.idempotencyKey,
    'x-envgrid-delivery': delivery.id,
    'x-envgrid-attempt': String(delivery.attempts),
  };
  try {
    const answer = await post(target.url, body, headers, timeoutMs);
    return answer.status >= 200 && answer.status < 300
      ? { outcome: 'delivered', httpStatus: answer.status }
      : httpFailure(answer);
  } catch (e) {
    return thrownFailure(e, timeoutMs);
  }
}

export const sendWebhook: ChannelSend = async ({ message, delivery, config, now }) => {
  const cfg = config.webhook;
  if (!cfg) return { outcome: 'retry', error: '网格办系统接口未配置：请设置 FORWARD_WEBHOOK_URL' };
  const settings = {
    url: 'FORWARD_WEBHOOK_URL',
    secret: 'FORWARD_WEBHOOK_SECRET',
    secretHint: '请用 wrangler secret put 设置',
  };
  return postSigned(cfg, settings, webhookBody(message, delivery.idempotencyKey), delivery, now, config.timeoutMs);
};
