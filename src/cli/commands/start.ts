import { Command } from 'commander';
import { serve } from '@hono/node-server';
import { createKaiwa } from '../../kaiwa.js';
import { createApp } from '../../server/app.js';
import { reportError } from '../report-error.js';

export function startCommand(): Command {
  return new Command('start')
    .description('run a shop: HTTP server with webhooks, demo checkout and the simulator')
    .argument('[dir]', 'shop folder', '.')
    .option('-p, --port <port>', 'port (default: PORT or 3000)')
    .action(async (dir: string, options: { port?: string }) => {
      try {
        const env = { ...process.env, ...(options.port ? { PORT: options.port } : {}) };
        const kaiwa = await createKaiwa({ shopDir: dir, env });
        const server = serve({ fetch: createApp(kaiwa.app).fetch, port: kaiwa.env.PORT, hostname: kaiwa.env.HOST });
        server.on('listening', () => {
          const { shop } = kaiwa.config.shop;
          console.log(`Kaiwa is serving ${kaiwa.app.shopName} (${kaiwa.files.products.length} products, ${shop.locales.join('/')}) on ${kaiwa.app.publicUrl}`);
          console.log(`  simulator: ${kaiwa.app.publicUrl}/simulator   terminal chat: npm run chat`);
        });
        server.on('error', (error) => {
          reportError(error);
          void kaiwa.close().then(() => process.exit(1));
        });
        kaiwa.start();
        const stop = () => {
          server.close();
          void kaiwa.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        reportError(error);
      }
    });
}
