import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import type { Kaiwa } from './create-kaiwa.js';
import { stopGracefully } from './stop-gracefully.js';

export interface ServeOptions {
  /** Default: the shop's PORT (3000); 0 takes a free port. */
  port?: number;
  /** Default: the shop's HOST (127.0.0.1). */
  hostname?: string;
}

export interface ServedKaiwa {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  server: Server;
  /** Finishes the requests under way, then closes the shop (database, jobs). */
  close(): Promise<void>;
}

/**
 * Serves a shop over HTTP on Node (webhooks, simulator, checkout, console) and starts its jobs:
 * what `kaiwa start` does for one instance, for programs that embed Kaiwa.
 *
 *   const kaiwa = await createKaiwa({ shopDir: 'shop' });
 *   const { url } = await serveKaiwa(kaiwa);
 */
export async function serveKaiwa(kaiwa: Kaiwa, options: ServeOptions = {}): Promise<ServedKaiwa> {
  const app = createApp(kaiwa.app);
  const server = serve({
    fetch: app.fetch,
    port: options.port ?? kaiwa.env.PORT,
    hostname: options.hostname ?? kaiwa.env.HOST,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  kaiwa.start();
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}`, server, close: () => stopGracefully(server, () => kaiwa.close()) };
}
