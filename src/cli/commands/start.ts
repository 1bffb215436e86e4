import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { loadEnv } from '../../config/load-config.js';
import { ConfigError, formatIssue } from '../../core/index.js';
import { createKaiwa, serveKaiwa, type Kaiwa } from '../../app/index.js';
import { parseDatabaseUrl } from '../../store/database-url.js';
import { adminTokenMissing } from '../../server/admin-auth.js';
import { watchShop } from '../../shop/watch.js';
import { reportError } from '../report-error.js';
import { watchConversationTests } from '../watch-tests.js';

/**
 * `kaiwa dev [dir]`: one instance that reloads flows, catalog, FAQ and actions on every save (the last
 * good version keeps serving) and checks tests/*.yaml too; problems go to the terminal and the
 * simulator's banner.
 */
export function devCommand(): Command {
  return new Command('dev')
    .description('develop a shop: serve it with the simulator, reload flows, catalog, FAQ, actions and tests on save')
    .argument('[dir]', 'shop folder', '.')
    .option('-p, --port <port>', 'port (default: PORT or 3000)')
    .option('--poll <channel>', 'receive by long polling instead of a webhook (telegram)')
    .action(async (dir: string, options: Omit<StartOptions, 'workers'>) => {
      try {
        const { env } = checkedStart({ ...options, workers: '1' });
        await serveInstance(dir, env, { dev: true });
      } catch (error) {
        reportError(error);
      }
    });
}

/** What a worker tells the primary once it serves. */
const readyMessage = 'kaiwa:ready';

interface StartOptions {
  port?: string;
  workers: string;
  poll?: string;
}

export function startCommand(): Command {
  return new Command('start')
    .description('run a shop: HTTP server with webhooks, demo checkout and the simulator')
    .argument('[dir]', 'shop folder', '.')
    .option('-p, --port <port>', 'port (default: PORT or 3000)')
    .option('-w, --workers <count>', 'run several instances sharing the port (PostgreSQL only)', '1')
    .option('--poll <channel>', 'receive by long polling instead of a webhook (telegram), for development')
    .action(async (dir: string, options: StartOptions) => {
      try {
        const { env, workers } = checkedStart(options);
        if (workers > 1 && cluster.isPrimary) runPrimary(env, workers);
        else await serveInstance(dir, env);
      } catch (error) {
        reportError(error);
        // A worker's channel to the primary would keep it alive: leave, so the primary sees it fail.
        if (cluster.isWorker) process.exit(1);
      }
    });
}

/** The environment the shop runs with and the number of workers, or the ConfigError refusing the flags. */
function checkedStart(options: StartOptions): { env: NodeJS.ProcessEnv; workers: number } {
  if (options.poll !== undefined && options.poll !== 'telegram')
    throw new ConfigError(`--poll supports telegram only, not "${options.poll}"`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(options.port ? { PORT: options.port } : {}),
    ...(options.poll ? { TELEGRAM_POLLING: '1' } : {}),
  };
  const exposed = adminTokenMissing(env);
  if (exposed) {
    throw new ConfigError(
      `${exposed}, and ADMIN_TOKEN is not set: the console, simulator and admin API would be open to anyone who reaches this server. ` +
        'Set ADMIN_TOKEN to a long random string (openssl rand -hex 32); see docs/security.md',
    );
  }
  const workers = Number(options.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new ConfigError('--workers must be a whole number from 1 to 64');
  if (workers > 1 && env.TELEGRAM_POLLING === '1')
    throw new ConfigError(
      '--poll telegram runs in one instance only (Telegram answers 409 to concurrent getUpdates); use the webhook with --workers',
    );
  return { env, workers };
}

/** The cluster primary: forks the workers, replaces those that die after serving, stops them on a signal. */
function runPrimary(env: NodeJS.ProcessEnv, workers: number): void {
  if (parseDatabaseUrl(loadEnv(env).DATABASE_URL).kind !== 'postgres') {
    throw new ConfigError('--workers needs DATABASE_URL=postgres://…: SQLite is for one process (see docs/deploy.md)');
  }
  // Each worker is a full, stateless instance; the cluster shares the port between them.
  // A worker that dies after it served is replaced; one that dies before (the database is
  // down, the port taken) has printed why, and starting it again would only loop.
  const served = new Set<number>();
  cluster.on('message', (worker, message: unknown) => {
    if (message !== readyMessage) return;
    served.add(worker.id);
    console.log(`worker ${worker.process.pid} is serving`);
  });
  for (let index = 0; index < workers; index++) cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (signal === 'SIGTERM' || code === 0) return;
    if (served.has(worker.id)) {
      console.error(`worker ${worker.process.pid} died (${signal ?? code}); starting another`);
      cluster.fork(env);
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      console.error('kaiwa: no worker could start (the reason is printed above)');
      process.exitCode = 1;
    } else if (signal !== null) {
      console.error(`worker ${worker.process.pid} was stopped by ${signal} before it served; not starting another`);
    }
  });
  const stopAll = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
}

/** One instance (alone, or a cluster worker): serves the shop, reloads it on edits, stops gracefully on a signal. */
async function serveInstance(dir: string, env: NodeJS.ProcessEnv, mode: { dev?: boolean } = {}): Promise<void> {
  const kaiwa = await createKaiwa({ shopDir: dir, env });
  if (kaiwa.engine.channels.has('botframework') && !env.MICROSOFT_APP_ID) {
    console.warn(
      'WARNING: Bot Framework Emulator mode is on (BOTFRAMEWORK_EMULATOR=1 without MICROSOFT_APP_ID): /webhooks/botframework ' +
        'accepts unsigned activities from this machine. For local testing only; never behind a proxy or in production.',
    );
  }
  // GET /api/shop names this shop, so `kaiwa chat --url` can tell it is chatting with the right one.
  const served = await serveKaiwa(kaiwa).catch(async (error: NodeJS.ErrnoException) => {
    reportServerError(kaiwa, error);
    await kaiwa.close();
    process.exit(1);
  });
  if (cluster.isWorker) process.send?.(readyMessage);
  if (!cluster.isWorker || cluster.worker?.id === 1) printBanner(kaiwa, dir);
  const tests = mode.dev ? watchConversationTests(kaiwa) : undefined;
  await tests?.check();
  const unwatch = watchForEdits(kaiwa, mode.dev === true, () => void tests?.check());
  const stop = () => {
    unwatch();
    tests?.close();
    void served.close().then(
      () => process.exit(0),
      (error: unknown) => {
        reportError(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** What is served and where, printed once (by the first worker in a cluster). */
function printBanner(kaiwa: Kaiwa, dir: string): void {
  const { shop } = kaiwa.config.shop;
  console.log(
    `Kaiwa is serving ${kaiwa.app.shopName} (${kaiwa.files.products.length} products, ${shop.locales.join('/')}) on ${kaiwa.app.publicUrl}`,
  );
  console.log(`  simulator: ${kaiwa.app.publicUrl}/simulator   terminal chat: ${chatCommandFor(dir)}`);
}

/** How to open the terminal chat here: `npm run chat` where the project has that script, else the command itself. */
export function chatCommandFor(dir: string, cwd = process.cwd()): string {
  if (typeof nearestPackageJson(cwd)?.scripts?.chat === 'string') return 'npm run chat';
  return dir === '.' ? 'npx kaiwa chat' : `npx kaiwa chat ${shellWord(dir)}`;
}

/** The package.json of `dir` or of the nearest folder above it that has one (what npm would use), if readable. */
function nearestPackageJson(dir: string): { scripts?: Record<string, unknown> } | undefined {
  for (let at = dir; ; at = dirname(at)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(at, 'package.json'), 'utf8');
    } catch {
      // None here: look in the folder above.
    }
    if (text !== undefined) {
      try {
        return JSON.parse(text) as { scripts?: Record<string, unknown> };
      } catch {
        return undefined;
      }
    }
    if (dirname(at) === at) return undefined;
  }
}

/** `dir` as a shell reads it back: quoted when it holds anything but plain path characters. */
function shellWord(value: string): string {
  return /^[\w./@%+:,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A listen failure, as a ConfigError saying what to do when the port is the problem. */
function reportServerError(kaiwa: Kaiwa, error: NodeJS.ErrnoException): void {
  const where = `${kaiwa.env.HOST}:${kaiwa.env.PORT}`;
  if (error.code === 'EADDRINUSE')
    reportError(
      new ConfigError(
        `port ${kaiwa.env.PORT} is already in use (${where}): stop what holds it, or set PORT to another port`,
      ),
    );
  else if (error.code === 'EACCES')
    reportError(
      new ConfigError(`port ${kaiwa.env.PORT} needs privileges on this system (${where}): set PORT to 1024 or above`),
    );
  else reportError(error);
}

/** Hot reload of flows, catalog and FAQ (docs/simulator.md); errors print as file:line:col. Returns the unwatch. */
function watchForEdits(kaiwa: Kaiwa, dev: boolean, reloaded: () => void): () => void {
  if (!dev && process.env.KAIWA_WATCH === '0') return () => undefined;
  return watchShop(kaiwa, {
    onReload: (result) => {
      if (result.ok) console.log(`reloaded ${kaiwa.config.dir} (${result.at})`);
      else
        result.issues.forEach((issue) => console.error(`${formatIssue(issue)} (still serving the last good version)`));
      reloaded();
    },
  });
}
