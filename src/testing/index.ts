/**
 * `kaiwajs/testing`: what a project's own test suite needs. The channel contract every adapter must
 * pass (runs under vitest), and the runner of a shop's conversation tests (tests/*.yaml).
 */
export {
  channelContract,
  channelContractChecks,
  type ChannelContractCheck,
  type ChannelContractHarness,
  type ChannelContractSetup,
  type FakePlatform,
  type ReceivedButton,
  type ReceivedMessage,
} from './channel-contract.js';
export { runConversationTests, type TestOutcome } from './run-conversation-tests.js';
export { validateShop, type ShopValidation } from './validate-shop.js';
