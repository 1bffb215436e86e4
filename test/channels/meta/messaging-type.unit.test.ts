import { describe, expect, it } from 'vitest';
import { messagingType } from '../../../src/channels/messenger/index.js';

describe("Messenger's 24-hour window", () => {
  it('answers as RESPONSE, tags a payment confirmation POST_PURCHASE_UPDATE and a person from the inbox HUMAN_AGENT', () => {
    expect(messagingType([{ type: 'text', text: 'hi' }])).toEqual({ messaging_type: 'RESPONSE' });
    expect(messagingType([{ type: 'text', text: 'paid: KW-1', purpose: 'order_update' }])).toEqual({
      messaging_type: 'MESSAGE_TAG',
      tag: 'POST_PURCHASE_UPDATE',
    });
    expect(messagingType([{ type: 'text', text: 'Hello, this is Aiko', purpose: 'agent' }])).toEqual({
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
    });
  });
});
