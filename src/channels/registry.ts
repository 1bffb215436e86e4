import {
  readSettings,
  type ChannelAdapter,
  type ChannelContext,
  type ChannelModule,
  type ChannelPreview,
  type EnvSource,
} from '../core/index.js';
export type { ChannelContext, ChannelModule } from '../core/index.js';
import { botframeworkChannel } from './botframework/module.js';
import { instagramChannel } from './instagram/module.js';
import { lineChannel } from './line/module.js';
import { messengerChannel } from './messenger/module.js';
import { telegramChannel } from './telegram/module.js';
import { whatsappWebChannel } from './whatsapp-web/module.js';
import { whatsappChannel } from './whatsapp/module.js';

/** The channels Kaiwa ships, in the order they are listed in docs and help. */
export const channelModules: readonly ChannelModule[] = [
  telegramChannel,
  lineChannel,
  messengerChannel,
  whatsappChannel,
  instagramChannel,
  botframeworkChannel,
  whatsappWebChannel,
];

/**
 * Every channel whose variables are set. All modules are read before anything is reported, so one
 * ConfigError names every missing or malformed variable; an adapter refusing its options (a token
 * that is no token) is reported the same way.
 */
export function channelsFromEnv(
  env: EnvSource,
  context: ChannelContext,
  modules: readonly ChannelModule[] = channelModules,
): ChannelAdapter[] {
  const settings = readSettings(env, 'docs/channels.md');
  const channels: ChannelAdapter[] = [];
  for (const module of modules) {
    try {
      const channel = module.fromEnv(settings, context);
      if (channel) channels.push(channel);
    } catch (error) {
      settings.failed(module.label, error);
    }
  }
  settings.done();
  return channels;
}

/** The simulator's previews by channel name, from the modules that have one. */
export function previewsOf(modules: readonly ChannelModule[] = channelModules): ReadonlyMap<string, ChannelPreview> {
  return new Map(modules.flatMap((module) => (module.preview ? [[module.name, module.preview] as const] : [])));
}
