/**
 * Email to the office through Cloudflare's `send_email` binding (EMAIL),
 * from FORWARD_EMAIL_FROM (an address on a zone with Email Routing) to
 * FORWARD_EMAIL_TO (a verified destination address). The MIME text is built
 * in email-mime.ts; this module only hands it to the binding.
 */
import { EmailMessage } from 'cloudflare:email';
import { snippet, thrownFailure, withTimeout, type SendResult } from '../http.ts';
import { messageTitle } from '../message.ts';
import { buildMimeText, EMAIL_SENDER_NAME, emailText, isPlainAddress, type MimeContent } from './email-mime.ts';
import type { ChannelSend } from './types.ts';

/** Errors that a retry cannot fix: the sender or recipient is not allowed, or the message was refused as invalid. */
const EMAIL_SETTINGS: EmailSettings = { from: 'FORWARD_EMAIL_FROM', to: 'FORWARD_EMAIL_TO' };

const PERMANENT = /not allowed|not verified|unverified|invalid|could not parse/i;

/** Where an email channel's addresses are configured, named in its errors. */
export interface EmailSettings {
  from: string;
  to: string;
}

/**
 * Checks the addresses, builds the message and hands it to the binding.
 * Used for complaints and digests; `settings` names where each address is set.
 */
export async function sendMime(
  cfg: { from: string; to: string; binding: SendEmail | undefined },
  settings: EmailSettings,
  content: MimeContent,
  idempotencyKey: string,
  now: Date,
  timeoutMs: number,
): Promise<SendResult> {
  if (!cfg.binding) return { outcome: 'retry', error: '缺少 send_email 绑定 EMAIL：请在 wrangler.toml 中声明' };
  if (!isPlainAddress(cfg.from)) {
    return { outcome: 'retry', error: `${settings.from} 不是有效的邮箱地址，请填写如 envgrid@example.gov.cn` };
  }
  if (!isPlainAddress(cfg.to)) {
    return { outcome: 'retry', error: `${settings.to} 不是有效的邮箱地址，请填写收件地址` };
  }
  const raw = buildMimeText(content, { from: cfg.from, to: cfg.to, idempotencyKey, date: now });
  try {
    await withTimeout(cfg.binding.send(new EmailMessage(cfg.from, cfg.to, raw)), timeoutMs);
    return { outcome: 'delivered' };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (PERMANENT.test(msg)) return { outcome: 'dead', error: `邮件被拒绝：${snippet(msg)}` };
    const r = thrownFailure(e, timeoutMs);
    return { ...r, error: r.error?.replace('无法连接', '发送失败') };
  }
}

export const sendEmail: ChannelSend = async ({ message, delivery, config, now }) => {
  const cfg = config.email;
  if (!cfg) return { outcome: 'retry', error: '电子邮件未配置：请设置 FORWARD_EMAIL_TO' };
  const content = { senderName: EMAIL_SENDER_NAME, subject: messageTitle(message), text: emailText(message) };
  return sendMime(cfg, EMAIL_SETTINGS, content, delivery.idempotencyKey, now, config.timeoutMs);
};
