/**
 * Kaiwa's public API for programs that embed it, in groups (the internals are not exported; the
 * message model and ports are also `kaiwajs/core`, flows `kaiwajs/flows`, test helpers `kaiwajs/testing`).
 */

// The shop: compose it, serve it over HTTP, open its database alone.
export {
  createKaiwa,
  openShopStore,
  serveKaiwa,
  watchShop,
  type Kaiwa,
  type KaiwaOptions,
  type ReloadResult,
  type ServeOptions,
  type ServedKaiwa,
} from './app/index.js';
export { createApp } from './server/app.js';

// A shop's checks without vitest: what `kaiwa validate` and `kaiwa test` run, with the same custom actions.
export { runConversationTests, type TestOutcome } from './testing/run-conversation-tests.js';
export { validateShop, type ShopValidation } from './testing/validate-shop.js';

// Channels: the built-in modules (add your own beside them) and reading one's settings.
export { channelModules, channelsFromEnv, previewsOf } from './channels/registry.js';

// Payments: the built-in providers beside the demo checkout.
export { createPayments, paymentModules, type PaymentChoice, type PaymentProviders } from './payments/registry.js';

// Feature modules' hooks into every turn (handoff, funnel, consent, order updates).
export { builtInTurnHooks } from './modules/index.js';

// The message model, money, errors, ports and the engine.
export * from './core/index.js';
