/**
 * Where each body's digests go: the secret DIGEST_CHANNELS (JSON, because
 * robot URLs carry their credential), one entry per body — `office`,
 * `town:<id>`, `department:<id>` — naming any of the four channels. The
 * office, when it has no entry, gets its digests on the complaint forwarding
 * channels (FORWARD_*). Email is sent from FORWARD_EMAIL_FROM through the
 * EMAIL binding. A bad entry is skipped with a Chinese message naming it;
 * the other bodies still get theirs.
 */
import { z } from 'zod';
import { rosterIndex } from '../../domain/roster/current.ts';
import { unitName } from '../../domain/cases/units.ts';
import type { DigestBody } from '../../domain/cases/digest.ts';
import { CHANNEL_IDS, readForwardingConfig, type ChannelId, type ForwardingConfig } from '../forwarding/config.ts';

export const DIGEST_SETTING = 'DIGEST_CHANNELS';

/** One body's channels (addresses only; the sender and timeout are shared). */
export interface DigestTargets {
  webhook?: { url: string; secret: string };
  wecom?: { url: string };
  dingtalk?: { url: string; secret: string };
  email?: { to: string };
}

export interface DigestConfig {
  timeoutMs: number;
  publicBaseUrl: string;
  emailFrom: string;
  emailBinding: SendEmail | undefined;
  bodies: Map<DigestBody, DigestTargets>;
  /** What was wrong with DIGEST_CHANNELS (Chinese, naming the entry); empty when all is well. */
  problems: string[];
}

const urlString = z.string().trim().min(1, '网址不能为空');
const signed = z.union([
  urlString.transform((url) => ({ url, secret: '' })),
  z.object({ url: urlString, secret: z.string() }),
]);
const targetsSchema = z
  .object({
    webhook: z.object({ url: urlString, secret: z.string().min(1, '网格办系统接口需要签名密钥 secret') }).optional(),
    wecom: urlString.transform((url) => ({ url })).optional(),
    dingtalk: signed.optional(),
    email: z
      .string()
      .trim()
      .min(3, '邮箱地址不能为空')
      .transform((to) => ({ to }))
      .optional(),
  })
  .strict();

/** Whether `key` names a body: the office or a town/department of the roster. */
function isBody(key: string): key is DigestBody {
  return key === 'office' || unitName(rosterIndex, key) !== undefined;
}

/** Parses the JSON of DIGEST_CHANNELS into per-body targets and the problems found. */
export function parseDigestChannels(raw: string): { bodies: Map<DigestBody, DigestTargets>; problems: string[] } {
  const bodies = new Map<DigestBody, DigestTargets>();
  const problems: string[] = [];
  if (!raw.trim()) return { bodies, problems };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { bodies, problems: [`${DIGEST_SETTING} 不是有效的 JSON，请按 docs/digests.md 的示例填写`] };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { bodies, problems: [`${DIGEST_SETTING} 应是一个对象，键为 office、town:<镇> 或 department:<部门>`] };
  }
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (!isBody(key)) {
      problems.push(`${DIGEST_SETTING} 中「${key}」不是 office 或名册里的 town:<镇>、department:<部门>，已跳过`);
      continue;
    }
    const r = targetsSchema.safeParse(value);
    if (!r.success) {
      for (const i of r.error.issues) {
        const where = [key, ...i.path.map(String)].join('.');
        const msg = i.code === 'unrecognized_keys' ? `只能填写 ${CHANNEL_IDS.join('、')}` : i.message;
        problems.push(`${DIGEST_SETTING} 中 ${where}：${msg}，已跳过这一单位`);
      }
      continue;
    }
    bodies.set(key, r.data);
  }
  return { bodies, problems };
}

/** The office's targets from the complaint forwarding settings (used when DIGEST_CHANNELS has no `office`). */
function officeFromForwarding(f: ForwardingConfig): DigestTargets {
  const t: DigestTargets = {};
  if (f.webhook) t.webhook = f.webhook;
  if (f.wecom) t.wecom = f.wecom;
  if (f.dingtalk) t.dingtalk = f.dingtalk;
  if (f.email) t.email = { to: f.email.to };
  return t;
}

/** Reads the digest settings from the Worker's environment. Never throws. */
export function readDigestConfig(env: Env): DigestConfig {
  const f = readForwardingConfig(env);
  const raw = (env as unknown as Record<string, unknown>)[DIGEST_SETTING];
  const { bodies, problems } = parseDigestChannels(typeof raw === 'string' ? raw : '');
  if (!bodies.has('office')) bodies.set('office', officeFromForwarding(f));
  return {
    timeoutMs: f.timeoutMs,
    publicBaseUrl: f.publicBaseUrl,
    emailFrom: f.email?.from ?? String((env as unknown as Record<string, unknown>).FORWARD_EMAIL_FROM ?? '').trim(),
    emailBinding: env.EMAIL,
    bodies,
    problems,
  };
}

/** The channels a body's digests go out on, in the fixed channel order. */
export function channelsOf(t: DigestTargets | undefined): ChannelId[] {
  return t ? CHANNEL_IDS.filter((c) => t[c] !== undefined) : [];
}

/** Where a body's channel is configured, for error messages. */
export function settingOf(body: DigestBody, channel: ChannelId): string {
  const where = `${DIGEST_SETTING} 中 ${body}.${channel}`;
  return body === 'office' ? `${where}（未填写时用 FORWARD_* 设置）` : where;
}
