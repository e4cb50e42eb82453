/** What every channel module gets and returns. */
import type { ChannelId, ForwardingConfig } from '../config.ts';
import type { SendResult } from '../http.ts';
import type { ForwardMessage } from '../message.ts';

/** The delivery being attempted (a row of `deliveries`, claimed by this runner). */
export interface ClaimedDelivery {
  id: string;
  complaintId: string;
  channel: ChannelId;
  /** Fixed when the delivery was queued; the same on every attempt. */
  idempotencyKey: string;
  /** Including this one. */
  attempts: number;
  /**
   * An earlier attempt was claimed but its outcome never recorded (the runner died mid-send):
   * the receiver may already have this message. See `claimDelivery`.
   */
  previousOutcomeUnknown: boolean;
}

export interface SendContext {
  message: ForwardMessage;
  delivery: ClaimedDelivery;
  config: ForwardingConfig;
  now: Date;
}

/** Sends one message on one channel. Never throws: every failure becomes a `SendResult`. */
export type ChannelSend = (ctx: SendContext) => Promise<SendResult>;
