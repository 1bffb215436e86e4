import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// PostgreSQL closes Kaiwa's connections under it (a restart, a failover, an idle timeout):
// the instance must live through it and answer the next message on new connections.
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const tag = `kaiwa_restart_${Date.now().toString(36)}${process.pid}`;
const url = `${base}${base.includes('?') ? '&' : '?'}application_name=${tag}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
  await client.end();
});

describe('an instance whose PostgreSQL connections are closed by the server', () => {
  it('keeps running and answers the next message', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const env = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_SCHEMA: tag,
      DEMO_PAYMENT_SECRET: 'restart-demo-secret-0123456789',
      KAIWA_WATCH: '0',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
    };
    const kaiwa = spawn(process.execPath, ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    kaiwa.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exitCode: number | null | undefined;
    kaiwa.once('exit', (code) => (exitCode = code));
    const say = async (user: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/simulator/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, text: `hi ${user}` }),
      }).catch(() => undefined);
      return response?.status === 200
        ? ((await response.json()) as { replies: { text?: string }[] }).replies.map((reply) => reply.text)
        : undefined;
    };
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      for (let tries = 0; !(await say('before')); tries++) {
        if (tries > 600 || exitCode !== undefined) throw new Error(`kaiwa did not start: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const { rows } = await admin.query<{ closed: boolean }>(
        'SELECT pg_terminate_backend(pid) AS closed FROM pg_stat_activity WHERE application_name = $1',
        [tag],
      );
      expect(rows.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(exitCode).toBeUndefined();
      expect(await say('after')).toEqual(['echo: hi after']);
    } finally {
      await admin.end();
      kaiwa.kill('SIGKILL');
    }
  }, 90_000);
});
