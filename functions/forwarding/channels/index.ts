/** The channel modules by id. */
import type { ChannelId } from '../config.ts';
import { sendDingtalk } from './dingtalk.ts';
import { sendEmail } from './email.ts';
import type { ChannelSend } from './types.ts';
import { sendWebhook } from './webhook.ts';
import { sendWecom } from './wecom.ts';

export const CHANNELS: Record<ChannelId, ChannelSend> = {
  webhook: sendWebhook,
  wecom: sendWecom,
  dingtalk: sendDingtalk,
  email: sendEmail,
};
