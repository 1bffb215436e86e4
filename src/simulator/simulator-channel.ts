import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  InvalidPayloadError,
  type Address,
  type ChannelAdapter,
  type InboundEvent,
  type RawRequest,
  type Reply,
  type SendResult,
} from '../core/index.js';
import { jsonBody } from '../channels/shared/json-body.js';
import { simulatorLimits } from './channel-limits.js';
import { simulatorAddress } from './simulated-channels.js';

/** The body of `POST /simulator/api/messages`. */
export interface SimulatorMessage {
  user: string;
  /** The channel skin: the conversation is on this channel (one of the previews the simulator was given). */
  channel?: string;
  text?: string;
  payload?: string;
}

export interface SimulatorChannel extends ChannelAdapter {
  /** Validates a simulator API body; InvalidPayloadError names the field. */
  readMessage(body: unknown): SimulatorMessage;
  toEvent(message: SimulatorMessage, receivedAt: Date): InboundEvent;
  /** Replies delivered to a simulated user, live (terminal chat, browser). */
  onDelivery(listener: (address: Address, replies: readonly Reply[]) => void): () => void;
}

/**
 * A channel whose "platform" is a terminal or a browser page; `previews` are the channels whose
 * rendering it can show beside the chat (their names). It does what a real channel does:
 * parse into InboundEvents, and receive replies through `send` from the outbox.
 */
export function createSimulatorChannel(previews: readonly string[] = []): SimulatorChannel {
  const deliveries = new EventEmitter();
  deliveries.setMaxListeners(100);
  const channel: SimulatorChannel = {
    name: 'simulator',
    limits: simulatorLimits,
    // The simulator is a local tool; its routes are guarded by the server's admin access rules.
    verify: () => undefined,
    parse(request: RawRequest) {
      const json = jsonBody(request);
      if (!json) throw new InvalidPayloadError('the body must be JSON: { "user": "…", "text": "…" }');
      return [channel.toEvent(channel.readMessage(json.value), new Date())];
    },
    readMessage(body) {
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new InvalidPayloadError('the body must be a JSON object: { "user": "…", "text": "…" }');
      const { user, channel: preview, text, payload } = body as Record<string, unknown>;
      if (typeof user !== 'string' || !/^[\w.@:-]{1,64}$/.test(user))
        throw new InvalidPayloadError('"user" must be a string of 1–64 letters, digits or ._@:-', 'user');
      if (preview !== undefined && !previews.includes(preview as string)) {
        throw new InvalidPayloadError(`"channel" must be one of ${previews.join(', ')}`, 'channel');
      }
      if (text !== undefined && (typeof text !== 'string' || text.trim() === '' || text.length > 5000))
        throw new InvalidPayloadError('"text" must be a non-empty string of at most 5000 characters', 'text');
      if (payload !== undefined && (typeof payload !== 'string' || payload === '' || payload.length > 300))
        throw new InvalidPayloadError('"payload" must be a non-empty string of at most 300 characters', 'payload');
      if (text === undefined && payload === undefined)
        throw new InvalidPayloadError(
          'send "text" (what the shopper typed) or "payload" (a button pressed, with its label as "text")',
          'text',
        );
      return {
        user,
        ...(preview ? { channel: preview as string } : {}),
        ...(text !== undefined ? { text: text as string } : {}),
        ...(payload !== undefined ? { payload: payload as string } : {}),
      };
    },
    toEvent(message, receivedAt) {
      const base = {
        id: randomUUID(),
        // In a channel skin, a conversation on that channel (its orders carry it); sends to it stay in the simulator.
        address: simulatorAddress(message.user, message.channel),
        receivedAt: receivedAt.toISOString(),
        raw: message,
      };
      // A pressed button: the payload decides, the label (if sent) is kept for transcripts.
      if (message.payload !== undefined)
        return {
          ...base,
          type: 'postback',
          payload: message.payload,
          ...(message.text !== undefined ? { text: message.text } : {}),
        };
      return { ...base, type: 'text', text: message.text ?? '' };
    },
    async send(to, replies): Promise<SendResult[]> {
      deliveries.emit('delivery', to, replies);
      return replies.map(() => ({}));
    },
    onDelivery(listener) {
      deliveries.on('delivery', listener);
      return () => deliveries.off('delivery', listener);
    },
  };
  return channel;
}
