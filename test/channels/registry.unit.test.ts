import { describe, expect, it } from 'vitest';
import { channelModules, channelsFromEnv, previewsOf, type ChannelModule } from '../../src/channels/registry.js';
import { ConfigError, readSettings, type ChannelAdapter } from '../../src/core/index.js';

const context = {
  checkPayable: async () => ({ ok: false as const, message: 'not in this test' }),
  log: () => undefined,
};
const telegram = { TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) };

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('channel registry', () => {
  it('enables nothing without variables, and each channel whose variables are set', () => {
    expect(channelsFromEnv({}, context)).toEqual([]);
    const channels = channelsFromEnv(
      { ...telegram, LINE_CHANNEL_SECRET: 'ab'.repeat(16), LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) },
      context,
    );
    expect(channels.map((channel) => channel.name)).toEqual(['telegram', 'line']);
  });

  it('reports every missing and malformed variable of every channel in one error, each by name', () => {
    const message = problemOf(() =>
      channelsFromEnv(
        {
          TELEGRAM_BOT_TOKEN: telegram.TELEGRAM_BOT_TOKEN,
          WHATSAPP_APP_SECRET: 'x',
          WHATSAPP_ACCESS_TOKEN: 'y',
          LINE_API_BASE_URL: 'not a url',
          BOTFRAMEWORK_EMULATOR: 'yes',
        },
        context,
      ),
    );
    const lines = message.split('\n');
    expect(lines).toContain('Telegram needs TELEGRAM_WEBHOOK_SECRET as well (see .env.example and docs/channels.md)');
    expect(lines).toContain(
      'WhatsApp needs WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN as well (see .env.example and docs/channels.md)',
    );
    expect(lines.some((line) => line.startsWith('LINE_API_BASE_URL: not an http(s) URL'))).toBe(true);
    expect(lines.some((line) => line.startsWith('BOTFRAMEWORK_EMULATOR: use 1 or 0'))).toBe(true);
    expect(lines).toHaveLength(4);
  });

  it("reports an adapter refusing its options (a token that is no token) under the channel's label", () => {
    const message = problemOf(() => channelsFromEnv({ ...telegram, TELEGRAM_BOT_TOKEN: 'nope' }, context));
    expect(message).toMatch(/^Telegram: TELEGRAM_BOT_TOKEN does not look like a bot token/);
  });

  it('treats an empty value as unset, as copied from .env.example', () => {
    expect(channelsFromEnv({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' }, context)).toEqual([]);
  });

  it('long polling needs only the token', () => {
    const [channel] = channelsFromEnv(
      { TELEGRAM_POLLING: '1', TELEGRAM_BOT_TOKEN: telegram.TELEGRAM_BOT_TOKEN },
      context,
    );
    expect(channel?.name).toBe('telegram');
    expect(problemOf(() => channelsFromEnv({ TELEGRAM_POLLING: '1' }, context))).toContain('needs TELEGRAM_BOT_TOKEN');
  });

  it('takes a module of its own, with any name, beside the built-in ones', () => {
    const discord: ChannelModule = {
      name: 'discord',
      label: 'Discord',
      variables: ['DISCORD_TOKEN'],
      fromEnv(settings) {
        const token = settings.string('DISCORD_TOKEN');
        if (!token) return undefined;
        const adapter: ChannelAdapter = {
          name: 'discord',
          limits: { maxTextLength: 2000, maxButtons: 5, maxButtonLabel: 80, maxCarouselCards: 10, maxCardActions: 5 },
          verify: () => undefined,
          parse: () => [],
          send: async () => [],
        };
        return adapter;
      },
    };
    const channels = channelsFromEnv({ DISCORD_TOKEN: 't', ...telegram }, context, [...channelModules, discord]);
    expect(channels.map((channel) => channel.name)).toEqual(['telegram', 'discord']);
  });

  it('every built-in module names the variables it reads, and its preview renders', () => {
    for (const module of channelModules) {
      expect(module.variables.length).toBeGreaterThan(0);
      for (const name of module.variables) expect(name).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
    const previews = previewsOf();
    expect([...previews.keys()]).toEqual(['telegram', 'line', 'messenger', 'whatsapp']);
    for (const preview of previews.values()) {
      const bodies = preview.render([{ type: 'text', text: 'こんにちは' }]);
      expect(JSON.stringify(bodies)).toContain('こんにちは');
    }
  });
});

describe('readSettings', () => {
  it('reads numbers, flags and choices, and names each bad one', () => {
    const settings = readSettings({ A: '12', B: 'true', C: 'sandbox', D: '1.5', E: 'live', F: '99' }, 'docs/x.md');
    expect(settings.number('A', { min: 1, max: 20 }, 3)).toBe(12);
    expect(settings.flag('B')).toBe(true);
    expect(settings.oneOf('C', ['sandbox', 'production'], 'sandbox')).toBe('sandbox');
    expect(settings.number('D', { min: 0, max: 10 }, 3)).toBe(3);
    expect(settings.oneOf('E', ['sandbox', 'production'], 'sandbox')).toBe('sandbox');
    expect(settings.number('F', { min: 0, max: 10 })).toBeUndefined();
    expect(settings.number('MISSING', { min: 0, max: 10 }, 7)).toBe(7);
    expect(problemOf(() => settings.done()).split('\n')).toEqual([
      'D: not an integer: "1.5" (see .env.example and docs/x.md)',
      'E: use sandbox or production, not "live" (see .env.example and docs/x.md)',
      'F: must be between 0 and 10, not 99 (see .env.example and docs/x.md)',
    ]);
  });
});
