import {
  ChannelSendError,
  SignatureError,
  type Address,
  type ChannelAdapter,
  type ChannelName,
  type ChannelPreview,
} from '../core/index.js';

/**
 * A shopper chatting in a channel skin of the simulator (LINE, Telegram…) is a conversation *on
 * that channel*, so what it does carries the channel (an order's `address.channel` is `line`), and
 * its conversation id starts with this prefix, so nothing addressed to it ever reaches the platform:
 * the channel's sends for it are the simulator's (no platform issues ids like this one).
 */
export const simulatedConversationPrefix = 'simulator:';

/** The address of simulator shopper `user`: on the simulator itself, or in the skin of `channel`. */
export function simulatorAddress(user: string, channel?: string): Address {
  if (!channel || channel === 'simulator') return { channel: 'simulator', conversationId: user, userId: user };
  const id = `${simulatedConversationPrefix}${user}`;
  return { channel, conversationId: id, userId: id };
}

/** Whether `address` is a simulator shopper's in a channel skin (see simulatorAddress). */
export function isSimulatedAddress(address: Address): boolean {
  return address.channel !== 'simulator' && address.conversationId.startsWith(simulatedConversationPrefix);
}

const standIn = Symbol('kaiwa.simulator.stand-in');

/** Whether `adapter` is the simulator's stand-in for a channel that is not configured (no webhooks, no platform). */
export function isSimulatorStandIn(adapter: ChannelAdapter | undefined): boolean {
  return !!adapter && (adapter as unknown as Record<symbol, unknown>)[standIn] === true;
}

/**
 * The channels the engine sends through, so that simulated conversations (isSimulatedAddress) are
 * delivered to the simulator whatever their channel: a configured adapter of a previewed channel is
 * wrapped (its sends for simulated addresses go to the simulator, every other send as before); a
 * previewed channel that is not configured gets a stand-in that only serves simulated addresses
 * (it answers no webhook and refuses any other send, as a missing adapter would).
 */
export function withSimulatedChannels(
  simulator: ChannelAdapter,
  channels: readonly ChannelAdapter[],
  previews: ReadonlyMap<string, ChannelPreview>,
): ChannelAdapter[] {
  const wrapped = channels.map((adapter): ChannelAdapter => {
    if (!previews.has(adapter.name)) return adapter;
    const send: ChannelAdapter['send'] = (to, replies) =>
      isSimulatedAddress(to) ? simulator.send(to, replies) : adapter.send(to, replies);
    return new Proxy(adapter, {
      get(target, property) {
        if (property === 'send') return send;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
  const configured = new Set(channels.map((adapter) => adapter.name));
  const standIns = [...previews]
    .filter(([name]) => !configured.has(name))
    .map(([name, preview]): ChannelAdapter => {
      // No platform behind it, so no platform pace to keep (what it shows is the preview's limits).
      const { sendRate: _pace, ...limits } = preview.limits;
      const adapter: ChannelAdapter & { [standIn]: true } = {
        [standIn]: true,
        name: name as ChannelName,
        limits,
        verify: () => {
          throw new SignatureError(`channel "${name}" is not enabled`);
        },
        parse: () => [],
        send: async (to, replies) => {
          if (isSimulatedAddress(to)) return simulator.send(to, replies);
          throw new ChannelSendError(`no channel adapter "${name}" is configured`, { retryable: false });
        },
      };
      return adapter;
    });
  return [...wrapped, ...standIns];
}
