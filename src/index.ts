/** Kaiwa's public API for programs that embed it: the composition root and the HTTP app. */
export { createKaiwa, type Kaiwa, type KaiwaOptions } from './app/index.js';
export { createApp } from './server/app.js';
export * from './core/index.js';
