/**
 * Email to the office through Cloudflare's `send_email` binding (EMAIL),
 * from FORWARD_EMAIL_FROM (an address on a zone with Email Routing) to
 * FORWARD_EMAIL_TO (a verified destination address). The MIME text is built
 * in email-mime.ts; this module only hands it to the binding.
 */
import { EmailMessage } from 'cloudflare:email';
import { snippet, thrownFailure, withTimeout } from '../http.ts';
import { buildMime, isPlainAddress } from './email-mime.ts';
import type { ChannelSend } from './types.ts';

/** Errors that a retry cannot fix: the sender or recipient is not allowed, or the message was refused as invalid. */
const PERMANENT = /not allowed|not verified|unverified|invalid|could not parse/i;

export const sendEmail: ChannelSend = async ({ message, delivery, config, now }) => {
  const cfg = config.email;
  if (!cfg) return { outcome: 'retry', error: '电子邮件未配置：请设置 FORWARD_EMAIL_TO' };
  if (!cfg.binding) return { outcome: 'retry', error: '缺少 send_email 绑定 EMAIL：请在 wrangler.toml 中声明' };
  if (!isPlainAddress(cfg.from)) {
    return { outcome: 'retry', error: 'FORWARD_EMAIL_FROM 不是有效的邮箱地址，请填写如 envgrid@example.gov.cn' };
  }
  if (!isPlainAddress(cfg.to)) {
    return { outcome: 'retry', error: 'FORWARD_EMAIL_TO 不是有效的邮箱地址，请填写区网格办的收件地址' };
  }
  const raw = buildMime(message, { from: cfg.from, to: cfg.to, idempotencyKey: delivery.idempotencyKey, date: now });
  try {
    await withTimeout(cfg.binding.send(new EmailMessage(cfg.from, cfg.to, raw)), config.timeoutMs);
    return { outcome: 'delivered' };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (PERMANENT.test(msg)) return { outcome: 'dead', error: `邮件被拒绝：${snippet(msg)}` };
    const r = thrownFailure(e, config.timeoutMs);
    return { ...r, error: r.error?.replace('无法连接', '发送失败') };
  }
};
