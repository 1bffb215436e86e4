import { expect } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import type { Kaiwa } from '../../src/app/index.js';
import type { createApp } from '../../src/server/app.js';

export type PaymentLink = Extract<Reply, { type: 'paymentLink' }>;

/** A shopper in the simulator of a running shop: press buttons, check out, count confirmations. */
export function shopSession(kaiwa: () => Kaiwa, app: () => ReturnType<typeof createApp>) {
  const press = async (user: string, payload: string): Promise<Reply[]> => {
    const response = await app().request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, payload }),
    });
    return ((await response.json()) as { replies: Reply[] }).replies;
  };
  return {
    press,
    /** Adds `quantity` of a product and checks out; the payment link the shop answered with. */
    async checkout(user: string, product: string, quantity = 1): Promise<PaymentLink> {
      for (let i = 0; i < quantity; i++) await press(user, `k1:do:addToCart:${product}`);
      const link = (await press(user, 'k1:do:checkout')).find(
        (reply): reply is PaymentLink => reply.type === 'paymentLink',
      );
      expect(link).toBeDefined();
      return link!;
    },
    /** How many "payment received" messages naming the order the shopper got, once the outbox is sent. */
    async confirmations(user: string, orderId: string): Promise<number> {
      await kaiwa().engine.drain();
      const conversation = (await (await app().request(`/simulator/api/conversations/${user}`)).json()) as {
        messages: { reply?: Reply }[];
      };
      return conversation.messages.filter(
        (message) =>
          message.reply &&
          'text' in message.reply &&
          message.reply.text.includes(orderId) &&
          message.reply.text.includes('お支払いを確認しました'),
      ).length;
    },
    order: async (id: string) =>
      (await (await app().request(`/api/orders/${id}`)).json()) as {
        status: string;
        history: { to: string; cause: string }[];
      },
  };
}
