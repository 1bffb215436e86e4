import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// `kaiwa start --workers N`: the real command, node:cluster and PostgreSQL, as an operator runs it.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_workers_${Date.now().toString(36)}${process.pid}`;
const env = {
  ...process.env,
  DATABASE_URL: url,
  DATABASE_SCHEMA: schema,
  DEMO_PAYMENT_SECRET: 'workers-demo-secret-0123456789',
  KAIWA_WATCH: '0',
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Whether process `pid` still runs (a zombie counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kaiwa start --workers', () => {
  it('replaces a worker that dies after serving, and keeps answering meanwhile', async () => {
    const port = await freePort();
    const primary = spawn(process.execPath, ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop', '--workers', '2'], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    primary.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    primary.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Only a worker that has served is replaced, so wait until the primary has heard from both.
    const serving = () => [...stdout.matchAll(/^worker (\d+) is serving$/gm)].map((match) => Number(match[1]));
    const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
    const say = async (user: string) => {
      // Bounded: once in CI the primary held a connection it had accepted without handing it to a
      // worker (node:cluster's round robin), and an unbounded fetch hung the test; asking again answers.
      const response = await fetch(`http://127.0.0.1:${port}/simulator/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, text: `hi ${user}` }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      return response?.status === 200
        ? ((await response.json().catch(() => undefined)) as { replies: { text?: string }[] } | undefined)
        : undefined;
    };
    try {
      const first = await until('two workers serving', () => (serving().length === 2 ? serving() : undefined), 60_000);
      expect(
        (await until('an answer before the crash', () => say('before')))?.replies.map((reply) => reply.text),
      ).toEqual(['echo: hi before']);
      process.kill(first[0]!, 'SIGKILL');
      expect(
        (await until('an answer while one worker is down', () => say('during')))?.replies.map((reply) => reply.text),
      ).toEqual(['echo: hi during']);
      await until('the replacement to serve', () => serving().length === 3);
      expect(stderr).toContain(`worker ${first[0]} died (SIGKILL); starting another`);
      expect(alive(first[0]!)).toBe(false);
      expect(
        (await until('an answer after the crash', () => say('after')))?.replies.map((reply) => reply.text),
      ).toEqual(['echo: hi after']);
      primary.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(serving().filter(alive)).toEqual([]);
    } finally {
      primary.kill('SIGKILL');
    }
  }, 120_000);

  it('exits 1 when no worker can start, saying why once per worker, without restarting them', () => {
    const result = spawnSync(process.execPath, ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop', '--workers', '2'], {
      env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.match(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/test: connection refused/g)).toHaveLength(2);
    expect(result.stderr).toContain('kaiwa: no worker could start (the reason is printed above)');
    expect(result.stderr).not.toContain('starting another');
  });
});
