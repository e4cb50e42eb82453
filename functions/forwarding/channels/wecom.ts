/**
 * WeCom group robot (企业微信群机器人): a markdown message POSTed to the
 * robot's webhook URL (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`,
 * the key being the credential). Published format:
 * `{"msgtype":"markdown","markdown":{"content":"…"}}`, content at most 4096
 * bytes of UTF-8; each robot may send 20 messages a minute.
 */
import { checkTargetUrl } from '../config.ts';
import { post, thrownFailure } from '../http.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, robotMarkdown } from '../markdown.ts';
import type { ForwardMessage } from '../message.ts';
import { robotResult } from './robot-answer.ts';
import type { ChannelSend } from './types.ts';

/** -1 system busy; 45009 API rate limit (the 20-a-minute cap); 45033 too many concurrent calls. */
export const WECOM_RETRYABLE = new Set([-1, 45009, 45033]);

export interface WecomMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

/** The request body for one complaint. */
export function wecomBody(m: ForwardMessage): WecomMarkdown {
  return {
    msgtype: 'markdown',
    markdown: { content: robotMarkdown(m, { lineBreak: '\n', maxBytes: ROBOT_MARKDOWN_MAX_BYTES }) },
  };
}

/**
 * Posts one markdown message to a WeCom robot and reads its answer; `setting`
 * names where the URL is configured, for the error. Used for complaints and digests.
 */
export async function postWecom(url: string, setting: string, body: WecomMarkdown, timeoutMs: number) {
  const bad = checkTargetUrl(setting, url);
  if (bad) return { outcome: 'retry' as const, error: bad };
  try {
    return robotResult(await post(url, JSON.stringify(body), {}, timeoutMs), WECOM_RETRYABLE);
  } catch (e) {
    return thrownFailure(e, timeoutMs);
  }
}

export const sendWecom: ChannelSend = async ({ message, config }) => {
  const url = config.wecom?.url;
  if (!url) return { outcome: 'retry', error: '企业微信群机器人未配置：请设置 FORWARD_WECOM_URL' };
  return postWecom(url, 'FORWARD_WECOM_URL', wecomBody(message), config.timeoutMs);
};
