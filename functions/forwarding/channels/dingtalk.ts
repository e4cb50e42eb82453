/**
 * DingTalk custom robot (钉钉自定义机器人): a markdown message POSTed to the
 * robot's webhook URL (`https://oapi.dingtalk.com/robot/send?access_token=…`).
 * Published format: `{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}`.
 * With signing (加签) switched on for the robot, every request carries
 * `&timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))>`;
 * DingTalk rejects timestamps more than an hour off. Each robot may send 20
 * messages a minute. If the robot uses keywords instead, the title and text
 * always contain 投诉.
 */
import { checkTargetUrl } from '../config.ts';
import { hmacSha256Base64 } from '../../../domain/crypto.ts';
import { post, thrownFailure, type SendResult } from '../http.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, robotMarkdown } from '../markdown.ts';
import { messageTitle, type ForwardMessage } from '../message.ts';
import { robotResult } from './robot-answer.ts';
import type { ChannelSend } from './types.ts';

/** -1 system busy; 130101 sending too fast (the 20-a-minute cap). */
export const DINGTALK_RETRYABLE = new Set([-1, 130101]);

export interface DingtalkMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

/** The request body for one complaint. The title (shown in the chat list) is plain text without citizen input. */
export function dingtalkBody(m: ForwardMessage): DingtalkMarkdown {
  return {
    msgtype: 'markdown',
    markdown: {
      title: messageTitle(m),
      // DingTalk joins single newlines; a blank line keeps each field on its own line.
      text: robotMarkdown(m, { lineBreak: '\n\n', maxBytes: ROBOT_MARKDOWN_MAX_BYTES }),
    },
  };
}

/** Appends DingTalk's `timestamp` and `sign` parameters to the robot URL. */
export async function signDingtalkUrl(url: string, secret: string, nowMs: number): Promise<string> {
  const timestamp = String(nowMs);
  const sign = await hmacSha256Base64(secret, `${timestamp}\n${secret}`);
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

/**
 * Posts one markdown message to a DingTalk robot, signed when it has a secret;
 * `setting` names where the URL is configured, for the error. Used for complaints and digests.
 */
export async function postDingtalk(
  target: { url: string; secret: string },
  setting: string,
  body: DingtalkMarkdown,
  now: Date,
  timeoutMs: number,
): Promise<SendResult> {
  const bad = checkTargetUrl(setting, target.url);
  if (bad) return { outcome: 'retry', error: bad };
  // Signed at send time: DingTalk refuses a timestamp more than an hour old.
  const url = target.secret ? await signDingtalkUrl(target.url, target.secret, now.getTime()) : target.url;
  try {
    return robotResult(await post(url, JSON.stringify(body), {}, timeoutMs), DINGTALK_RETRYABLE);
  } catch (e) {
    return thrownFailure(e, timeoutMs);
  }
}

export const sendDingtalk: ChannelSend = async ({ message, config, now }) => {
  const cfg = config.dingtalk;
  if (!cfg) return { outcome: 'retry', error: '钉钉群机器人未配置：请设置 FORWARD_DINGTALK_URL' };
  return postDingtalk(cfg, 'FORWARD_DINGTALK_URL', dingtalkBody(message), now, config.timeoutMs);
};
