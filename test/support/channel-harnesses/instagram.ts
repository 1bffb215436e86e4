import { createInstagramChannel } from '../../../src/channels/instagram/index.js';
import type { ChannelContractHarness } from '../../../src/testing/index.js';
import { startFakeGraph } from '../../fakes/meta-graph-api.js';
import { appSecret, failGraphSends, messagingPlatform, receivedOnMe } from './messenger.js';

/** Instagram Direct: Messenger's webhook shape with `object: "instagram"`, the same local Graph API. */
export const instagramHarness: ChannelContractHarness = {
  async setUp() {
    const graph = await startFakeGraph();
    const adapter = createInstagramChannel({
      appSecret,
      accessToken: 'CONTRACT_IG_TOKEN',
      verifyToken: 'contract-verify',
      apiUrl: graph.url,
    });
    return {
      adapter,
      platform: {
        ...messagingPlatform('instagram'),
        received: () => receivedOnMe(graph),
        failSends: (status, retryAfter) => failGraphSends(graph, status, retryAfter),
      },
      tearDown: () => graph.close(),
    };
  },
};
