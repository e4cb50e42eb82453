/**
 * Forwarding settings, read from the Worker's vars and secrets in one place.
 * A channel is switched on by setting its address; any number can be on.
 */
import { publicBaseUrl } from '../public-url.ts';

export const CHANNEL_IDS = ['webhook', 'wecom', 'dingtalk', 'email'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** How operators see each channel (CLI, docs). */
export const CHANNEL_LABELS: Record<ChannelId, string> = {
  webhook: '网格办系统接口',
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  email: '电子邮件',
};

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ForwardingConfig {
  /** How long one send may take before it counts as failed (and is retried). */
  timeoutMs: number;
  /** Origin of the public site, for the status-page link in every message. */
  publicBaseUrl: string;
  webhook?: { url: string; secret: string };
  wecom?: { url: string };
  dingtalk?: { url: string; secret: string };
  email?: { from: string; to: string; binding: SendEmail | undefined };
}

function setting(env: Env, name: string): string {
  const v = (env as unknown as Record<string, unknown>)[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** Reads the forwarding settings from the Worker's environment. Never throws: bad values surface per attempt. */
export function readForwardingConfig(env: Env): ForwardingConfig {
  const timeout = Number(setting(env, 'FORWARD_TIMEOUT_MS'));
  const cfg: ForwardingConfig = {
    // Clamp so a typo can neither disable the timeout nor outlive waitUntil's limit.
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? Math.min(Math.max(timeout, 50), 25_000) : DEFAULT_TIMEOUT_MS,
    // One public address: the build's SITE_URL (Astro `site`), unless the var overrides it.
    publicBaseUrl: publicBaseUrl(env),
  };
  const webhookUrl = setting(env, 'FORWARD_WEBHOOK_URL');
  if (webhookUrl) cfg.webhook = { url: webhookUrl, secret: setting(env, 'FORWARD_WEBHOOK_SECRET') };
  const wecomUrl = setting(env, 'FORWARD_WECOM_URL');
  if (wecomUrl) cfg.wecom = { url: wecomUrl };
  const dingUrl = setting(env, 'FORWARD_DINGTALK_URL');
  if (dingUrl) cfg.dingtalk = { url: dingUrl, secret: setting(env, 'FORWARD_DINGTALK_SECRET') };
  const to = setting(env, 'FORWARD_EMAIL_TO');
  if (to) cfg.email = { from: setting(env, 'FORWARD_EMAIL_FROM'), to, binding: env.EMAIL };
  return cfg;
}

/** The channels switched on by configuration, in a fixed order. */
export function enabledChannels(cfg: ForwardingConfig): ChannelId[] {
  return CHANNEL_IDS.filter((c) => cfg[c] !== undefined);
}

/**
 * Checks an outbound address: https anywhere, plain http only to this machine
 * (local receivers and tests). Returns a Chinese reason, or undefined when fine.
 */
export function checkTargetUrl(name: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${name} 不是有效的网址，请填写完整的 https:// 地址`;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return undefined;
  return `${name} 必须以 https:// 开头（仅本机测试可用 http://）`;
}
