import { existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

// Of @sparticuz/chromium's serverless flags, those this build needs to draw and to run its helper processes.
const packagedFlags = [
  '--no-zygote',
  '--in-process-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=en-US',
];

/**
 * A headless Chromium that needs nothing installed by hand: CHROMIUM_PATH if set, else the build that
 * `npm install` brings in @sparticuz/chromium (unpacked to the temp folder on first use; launched with our
 * own flags, not its serverless ones: those run one process and turn web security off), else a
 * system Chromium. No test tool downloads a browser of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  if (process.env.CHROMIUM_PATH) return chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: flags });
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await chromium.launch({
      executablePath: await packaged.executablePath(),
      args: [...flags, ...packagedFlags],
      headless: true,
    });
  } catch (error) {
    const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) =>
      existsSync(path),
    );
    if (!system) throw error;
    return chromium.launch({ executablePath: system, args: flags });
  }
}

// A 1×1 PNG, served for the example catalog's image host (images.example.com does not resolve here).
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Answers the example catalog's photos (https://images.example.com/…) on `page` with a 1×1 PNG: skins draw the photos adapters send. */
export async function serveCatalogImages(page: Page): Promise<void> {
  await page.route('https://images.example.com/**', (route) => route.fulfill({ contentType: 'image/png', body: png }));
}

/**
 * A shop as `kaiwa start` serves it, on a free port, with its SQLite file in `work`: `base` is its
 * URL; `close` stops the server and the shop and removes `work`.
 */
export async function serveShop(work: string, shopDir = 'examples/shop'): Promise<ServedShop> {
  const kaiwa = await createKaiwa({
    shopDir,
    env: { DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`, LOG_LEVEL: 'silent', PORT: '0' },
    log: () => undefined,
  });
  const server = serve({ fetch: createApp(kaiwa.app).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    kaiwa,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.close();
      await kaiwa.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface ServedShop {
  kaiwa: Kaiwa;
  base: string;
  close(): Promise<void>;
}
