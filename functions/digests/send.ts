/**
 * Sending digests: the digest outbox (migrations/0012) run by the forwarding
 * engine, each attempt rebuilding the message and posting it on the body's
 * own channel with the forwarding channels' transports.
 */
import { postDingtalk } from '../forwarding/channels/dingtalk.ts';
import { sendMime } from '../forwarding/channels/email.ts';
import { postSigned } from '../forwarding/channels/webhook.ts';
import { postWecom } from '../forwarding/channels/wecom.ts';
import type { Claim } from '../forwarding/store.ts';
import { DIGEST_OUTBOX } from '../forwarding/store.ts';
import { leaseMs, type OutboxRunner } from '../forwarding/deliver.ts';
import type { SendResult } from '../forwarding/http.ts';
import { settingOf, type DigestConfig } from './config.ts';
import { digestJson, digestMarkdown, digestText, digestTitle, loadDigest, type DigestMessage } from './message.ts';

async function sendOne(cfg: DigestConfig, m: DigestMessage, claim: Claim, now: Date): Promise<SendResult> {
  const t = cfg.bodies.get(m.body);
  const setting = settingOf(m.body, claim.channel);
  const missing: SendResult = { outcome: 'retry', error: `${setting} 未配置（设置已改动？）` };
  switch (claim.channel) {
    case 'wecom':
      if (!t?.wecom) return missing;
      return postWecom(
        t.wecom.url,
        setting,
        { msgtype: 'markdown', markdown: { content: digestMarkdown(m, '\n') } },
        cfg.timeoutMs,
      );
    case 'dingtalk':
      if (!t?.dingtalk) return missing;
      return postDingtalk(
        t.dingtalk,
        setting,
        { msgtype: 'markdown', markdown: { title: digestTitle(m), text: digestMarkdown(m, '\n\n') } },
        now,
        cfg.timeoutMs,
      );
    case 'webhook':
      if (!t?.webhook) return missing;
      return postSigned(
        t.webhook,
        { url: setting, secret: `${setting}.secret`, secretHint: '请在设置中填写签名密钥' },
        digestJson(m, claim.idempotencyKey),
        claim,
        now,
        cfg.timeoutMs,
      );
    case 'email':
      if (!t?.email) return missing;
      return sendMime(
        { from: cfg.emailFrom, to: t.email.to, binding: cfg.emailBinding },
        { from: 'FORWARD_EMAIL_FROM', to: setting },
        { senderName: 'EnvGrid 环境监督提醒', subject: digestTitle(m), text: digestText(m) },
        claim.idempotencyKey,
        now,
        cfg.timeoutMs,
      );
  }
}

/** The digest outbox as the delivery engine runs it. */
export function digestRunner(db: D1Database, cfg: DigestConfig): OutboxRunner {
  const cache = new Map<string, Promise<DigestMessage | undefined>>();
  return {
    box: DIGEST_OUTBOX,
    leaseMs: leaseMs({ timeoutMs: cfg.timeoutMs }),
    label: 'digests',
    send: async (claim, now) => {
      let p = cache.get(claim.ownerId);
      if (!p) cache.set(claim.ownerId, (p = loadDigest(db, claim.ownerId, cfg.publicBaseUrl)));
      const m = await p;
      if (!m) return { outcome: 'dead', error: '找不到这份提醒' };
      return sendOne(cfg, m, claim, now);
    },
  };
}
