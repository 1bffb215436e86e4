import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import type { Choice, Reply } from '../../core/index.js';
import { createKaiwa } from '../../app/index.js';
import { createApp } from '../../server/app.js';
import { reportError } from '../report-error.js';
import { renderForTerminal } from '../terminal-render.js';

interface ChatOptions {
  channel?: string;
  user: string;
  url?: string;
}

export function chatCommand(): Command {
  return new Command('chat')
    .description(
      'chat with a shop in the terminal (scriptable: without a TTY, one message per line in, JSON lines out)',
    )
    .argument('[dir]', 'shop folder', '.')
    .option('-c, --channel <channel>', "preview a channel's limits: line, telegram, whatsapp, messenger")
    .option('-u, --user <id>', 'simulated shopper id', `terminal-${process.pid}`)
    .option(
      '--url <url>',
      'a running Kaiwa server (default: PUBLIC_URL or http://localhost:PORT; started here if not running)',
    )
    .action(async (dir: string, options: ChatOptions) => {
      try {
        const base = options.url ?? process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
        const stop = (await isUp(base)) ? undefined : await startInProcess(dir);
        await chat(stop?.url ?? base, options);
        await stop?.close();
      } catch (error) {
        reportError(error);
      }
    });
}

async function isUp(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** No server running: serve the shop from this process, so demo payment links work too. */
async function startInProcess(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const kaiwa = await createKaiwa({ shopDir: dir, log: () => undefined });
  const server = serve({ fetch: createApp(kaiwa.app).fetch, port: kaiwa.env.PORT, hostname: kaiwa.env.HOST });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  kaiwa.start();
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${kaiwa.env.HOST}:${address.port}` : kaiwa.app.publicUrl;
  return {
    url,
    close: async () => {
      // Keep-alive connections from this process's own fetch calls would hold the server open.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await kaiwa.close();
    },
  };
}

async function chat(base: string, options: ChatOptions): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const locale = Intl.DateTimeFormat().resolvedOptions().locale.startsWith('ja') ? 'ja-JP' : 'en-US';
  let buttons: Choice[] = [];
  let seen = (await transcript(base, options.user)).length;
  const send = async (input: { text?: string; payload?: string }): Promise<Reply[]> => {
    const response = await fetch(`${base}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: options.user, ...(options.channel ? { channel: options.channel } : {}), ...input }),
    });
    const body = (await response.json()) as { replies?: Reply[]; error?: { message: string } };
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    seen = (await transcript(base, options.user)).length;
    return body.replies ?? [];
  };
  const show = (replies: readonly Reply[]) => {
    if (!interactive) return replies.forEach((reply) => console.log(JSON.stringify(reply)));
    const rendered = renderForTerminal(replies, locale);
    buttons = rendered.buttons.length > 0 ? rendered.buttons : buttons;
    console.log(rendered.lines.join('\n'));
  };

  const lines = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    prompt: 'you> ',
  });
  if (interactive) {
    console.log(
      `Chatting with ${base} as "${options.user}"${options.channel ? ` (${options.channel} limits)` : ''}. Type a number to press a button; Ctrl+D to quit.`,
    );
    // Replies that arrive later (a payment confirmation) are shown as they come.
    const poll = setInterval(() => {
      void transcript(base, options.user)
        .then((messages) => {
          const fresh = messages
            .slice(seen)
            .flatMap((message) => (message.direction === 'out' && message.reply ? [message.reply] : []));
          seen = messages.length;
          if (fresh.length > 0) {
            console.log();
            show(fresh);
            lines.prompt(true);
          }
        })
        .catch(() => undefined);
    }, 2000);
    lines.on('close', () => clearInterval(poll));
    lines.prompt();
  }
  for await (const line of lines) {
    const text = line.trim();
    if (text) {
      const button = interactive && /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
      try {
        show(await send(button ? { payload: button.payload, text: button.label } : { text }));
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
      }
    }
    if (interactive) lines.prompt();
  }
}

async function transcript(base: string, user: string): Promise<{ direction: string; reply?: Reply }[]> {
  const response = await fetch(`${base}/simulator/api/conversations/${encodeURIComponent(user)}`);
  return response.ok ? ((await response.json()) as { messages: { direction: string; reply?: Reply }[] }).messages : [];
}
