import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadShopConfig } from '../../config/load-config.js';
import { ConfigError, type Choice, type Reply } from '../../core/index.js';
import { createKaiwa } from '../../app/index.js';
import { createApp } from '../../server/app.js';
import { shopIdentity, type ShopIdentity } from '../../server/shop-identity.js';
import { reportError } from '../report-error.js';
import { renderForTerminal } from '../terminal-render.js';

interface ChatOptions {
  channel?: string;
  user: string;
  url?: string;
}

/** Where the chat's turns go: the shop run in this process, or a running server of it (`--url`). */
interface ShopLink {
  /** How the greeting line names it. */
  where: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

const helpText = [
  'commands:',
  '  1, 2, …  press the button with that number',
  '  /reset   start over as a new conversation (its session and messages are erased; its orders stay, anonymised)',
  '  /help    this list',
  '  Ctrl+D   quit',
  'anything else, other /words included, goes to the shop as a message',
].join('\n');

export function chatCommand(): Command {
  return new Command('chat')
    .description(
      'chat with a shop in the terminal, run in this process (or a running server of it with --url); ' +
        'scriptable: without a TTY, one message per line in, JSON lines out',
    )
    .argument('[dir]', 'shop folder', '.')
    .option('-c, --channel <channel>', "preview a channel's limits: line, telegram, whatsapp, messenger")
    .option('-u, --user <id>', 'simulated shopper id', `terminal-${process.pid}`)
    .option(
      '--url <url>',
      'attach to a running Kaiwa server of this shop instead, e.g. http://localhost:3000 (refused if it serves another shop)',
    )
    .action(async (dir: string, options: ChatOptions) => {
      try {
        const link = options.url ? await attach(dir, options.url) : await runInProcess(dir);
        try {
          await chat(link, options);
        } finally {
          await link.close();
        }
      } catch (error) {
        reportError(error);
      }
    });
}

/**
 * The shop in this process, on its own DATABASE_URL (default ./data/kaiwa.db), so orders persist as
 * with `kaiwa start`. Turns go straight to the app (no port), as `kaiwa test` runs them. Payment
 * links need a page a browser can open: unless PUBLIC_URL says where, a loopback port of this
 * process serves the checkout and payment routes (and nothing else) while the chat lasts.
 * Not started: no periodic jobs, no session channel listeners, which a `kaiwa start` of the same
 * shop may be running beside it.
 */
async function runInProcess(dir: string): Promise<ShopLink> {
  const links = process.env.PUBLIC_URL ? undefined : await servePaymentLinks();
  try {
    const kaiwa = await createKaiwa({
      shopDir: dir,
      // Loopback: this process's own requests reach the simulator routes as local development.
      env: { ...process.env, HOST: '127.0.0.1', ...(links ? { PUBLIC_URL: links.url } : {}) },
      log: () => undefined,
      // A `kaiwa start` of this shop may share the database: its channels' replies are its to send.
      drainOnly: ['simulator'],
    });
    const app = createApp(kaiwa.app);
    links?.serve(app);
    const token = kaiwa.env.ADMIN_TOKEN;
    return {
      where: `${kaiwa.app.shopName} (${dir}, run in this process)`,
      request: (path, init = {}) => {
        const headers = new Headers(init.headers);
        if (token) headers.set('authorization', `Bearer ${token}`);
        return Promise.resolve(app.request(path, { ...init, headers }));
      },
      close: async () => {
        await links?.close();
        await kaiwa.close();
      },
    };
  } catch (error) {
    await links?.close();
    throw error;
  }
}

/** A loopback port for the shopper's browser: the demo checkout and providers' return pages only. */
async function servePaymentLinks(): Promise<{ url: string; serve(app: Hono): void; close(): Promise<void> }> {
  let app: Hono | undefined;
  const server = serve({
    fetch: (request) =>
      app && /^\/(checkout|payments)\//.test(new URL(request.url).pathname)
        ? app.fetch(request)
        : new Response('not found', { status: 404 }),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (shopApp) => (app = shopApp),
    close: async () => {
      // A browser's keep-alive connection to the checkout page would hold the server open.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A running server, once it has shown it serves the shop of `dir` (its kaiwa.yaml's identity, GET /api/shop). */
async function attach(dir: string, url: string): Promise<ShopLink> {
  const base = baseUrl(url);
  const config = await loadShopConfig(resolve(dir));
  const mine = shopIdentity(config.shop.shop);
  const theirs = await servedShop(base);
  // By the id where the server tells it; a server that does not can only be told apart by its name.
  const same = theirs.id !== null ? theirs.id === mine.id : theirs.name === mine.name;
  if (!same) {
    const other =
      theirs.name === mine.name
        ? `another shop named "${theirs.name}" (its kaiwa.yaml's name, locales or currency differ from those in ${dir})`
        : `the shop "${theirs.name}", not "${mine.name}" (${dir})`;
    throw new ConfigError(
      `${base} serves ${other}: point --url at a server of ${dir}, or leave --url out to run it in this process`,
    );
  }
  return {
    where: `${mine.name} at ${base}`,
    request: (path, init) => fetch(`${base}${path}`, init),
    close: async () => undefined,
  };
}

function baseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Refused below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ConfigError(`--url must be a server's address such as http://localhost:3000, got "${value}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Which shop answers at `base`: GET /api/shop, or the name in /healthz from a server older than that route. */
async function servedShop(base: string): Promise<{ name: string; id: string | null }> {
  const get = async (path: string) => {
    try {
      return await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ConfigError(
        `nothing answers at ${base} (${reason}): start the shop there with kaiwa start, or leave --url out to run it in this process`,
      );
    }
  };
  const notKaiwa = (status: number) =>
    new ConfigError(`${base} does not look like a Kaiwa server (GET /api/shop answered ${status})`);
  const response = await get('/api/shop');
  if (response.ok) {
    const body = (await response.json().catch(() => undefined)) as Partial<ShopIdentity> | undefined;
    if (typeof body?.name !== 'string') throw notKaiwa(response.status);
    return { name: body.name, id: typeof body.id === 'string' ? body.id : null };
  }
  if (response.status !== 404) throw notKaiwa(response.status);
  const health = await get('/healthz');
  const body = health.ok ? ((await health.json().catch(() => undefined)) as { shop?: unknown } | undefined) : undefined;
  if (typeof body?.shop !== 'string') throw notKaiwa(response.status);
  return { name: body.shop, id: null };
}

async function chat(link: ShopLink, options: ChatOptions): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const locale = Intl.DateTimeFormat().resolvedOptions().locale.startsWith('ja') ? 'ja-JP' : 'en-US';
  const conversation = `/simulator/api/conversations/${encodeURIComponent(options.user)}`;
  const transcript = async (): Promise<{ direction: string; reply?: Reply }[]> => {
    const response = await link.request(conversation);
    return response.ok
      ? ((await response.json()) as { messages: { direction: string; reply?: Reply }[] }).messages
      : [];
  };
  let buttons: Choice[] = [];
  let seen = (await transcript()).length;
  const send = async (input: { text?: string; payload?: string }): Promise<Reply[]> => {
    const response = await link.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: options.user, ...(options.channel ? { channel: options.channel } : {}), ...input }),
    });
    const body = (await response.json()) as { replies?: Reply[]; error?: { message: string } };
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    seen = (await transcript()).length;
    return body.replies ?? [];
  };
  // The simulator's reset: session, transcript, outbox and handoff erased, orders kept under a pseudonym.
  const reset = async (): Promise<void> => {
    const response = await link.request(conversation, { method: 'DELETE' });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message: string } };
      throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    }
    seen = 0;
    buttons = [];
  };
  const show = (replies: readonly Reply[]) => {
    if (!interactive) return replies.forEach((reply) => console.log(JSON.stringify(reply)));
    const rendered = renderForTerminal(replies, locale);
    buttons = rendered.buttons.length > 0 ? rendered.buttons : buttons;
    console.log(rendered.lines.join('\n'));
  };
  // Without a TTY, stdout carries replies only (JSON lines): what the commands say goes to stderr.
  const note = (text: string) => (interactive ? console.log(text) : console.error(text));

  const lines = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    prompt: 'you> ',
  });
  if (interactive) {
    console.log(
      `Chatting with ${link.where} as "${options.user}"${options.channel ? ` (${options.channel} limits)` : ''}. Type a number to press a button, /help for commands; Ctrl+D to quit.`,
    );
    // Replies that arrive later (a payment confirmation) are shown as they come.
    const poll = setInterval(() => {
      void transcript()
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
    try {
      if (text === '/help') note(helpText);
      else if (text === '/reset') {
        await reset();
        note(`reset: "${options.user}" starts over as a new conversation`);
      } else if (text) {
        const button = interactive && /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
        show(await send(button ? { payload: button.payload, text: button.label } : { text }));
      }
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
    }
    if (interactive) lines.prompt();
  }
}
