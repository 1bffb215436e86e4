import { ConsentRequiredError, type TurnHook } from '../../core/index.js';

/** Marketing needs the shopper's opt-in on that channel; order news and an agent's messages do not. */
export const consentHook: TurnHook = {
  name: 'consent',
  async beforeSend({ tx, address, purpose }) {
    if (purpose !== 'marketing') return;
    const consent = await tx.consents.get(address.channel, address.userId);
    if (!consent?.optedIn)
      throw new ConsentRequiredError(
        `${address.channel}:${address.userId} has ${consent ? `opted out (${consent.at})` : 'not opted in'} to marketing messages`,
      );
  },
};
