// The peer: telegraf's own webhook handler replying with an echo through the Bot API (no storage).
import http from 'node:http';
import { Telegraf } from 'telegraf';

const bot = new Telegraf('123456:BENCH-token-abcdefghijklmnop', {
  telegram: {
    apiRoot: process.env.TELEGRAM_API_ROOT!,
    agent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    webhookReply: false,
  },
});
bot.on('text', (context) => context.reply(`echo: ${context.message.text}`));
http
  .createServer(bot.webhookCallback('/webhooks/telegram'))
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
