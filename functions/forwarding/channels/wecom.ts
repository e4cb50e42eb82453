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

export const sendWecom: ChannelSend = async ({ message, config }) => {
  const url = config.wecom?.url;
  if (!url) return { outcome: 'retry', error: '企业微信群机器人未配置：请设置 FORWARD_WECOM_URL' };
  const bad = checkTargetUrl('FORWARD_WECOM_URL', url);
  if (bad) return { outcome: 'retry', error: bad };
  try {
    const answer = await post(url, JSON.stringify(wecomBody(message)), {}, config.timeoutMs);
    return robotResult(answer, WECOM_RETRYABLE);
  } catch (e) {
    return thrownFailure(e, config.timeoutMs);
  }
};
