import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const holder = createServer();
  await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
  const { port } = holder.address() as AddressInfo;
  await new Promise((closed) => holder.close(closed));
  return port;
}

/**
 * Runs a `kaiwa start`/`kaiwa dev`-like command (`command` and `args`, e.g. node and the bin) on a free
 * port until its banner is out, calls `whileServing` with the URL and a view of what it printed so far,
 * then stops it (SIGTERM) and hands back everything it printed.
 */
export async function whileKaiwaServes(
  run: { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv },
  whileServing: (url: string, output: () => string) => Promise<void>,
): Promise<string> {
  const port = await freePort();
  const child = spawn(run.command, run.args, {
    cwd: run.cwd,
    env: { ...run.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', ADMIN_TOKEN: '' },
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (/terminal chat: .*\n/.test(output)) ready();
    });
    child.once('exit', (code) => fail(new Error(`${run.args.join(' ')} exited (${code}) before serving:\n${output}`)));
  });
  try {
    await whileServing(`http://127.0.0.1:${port}`, () => output);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

/** Waits for an event: polls `probe` until it returns a value (not undefined), up to `attempts` times 100 ms apart (a bound for a loaded machine, not a timing check). */
export async function eventually<T>(probe: () => Promise<T | undefined>, attempts = 600): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((later) => setTimeout(later, 100));
  }
  throw new Error('gave up waiting');
}
