import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the repository, so a shop's actions.ts resolves `kaiwajs/core` as it does where kaiwa is installed.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function kaiwa(args: string[], input?: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/kaiwa.js', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, DATABASE_URL: `sqlite://${join(work, 'cli.db')}`, PORT: '0', LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
}

function brokenShop(): string {
  const shop = join(work, `shop-${Math.random().toString(36).slice(2)}`);
  cpSync('examples/shop', shop, {
    recursive: true,
    filter: (source) => !source.includes(`${join('examples', 'shop', 'tests')}`),
  });
  const flowFile = join(shop, 'flows', 'shop.yaml');
  writeFileSync(
    flowFile,
    readFileSync(flowFile, 'utf8')
      .replace('    goto: cart\n', '    goto: kart\n')
      .replace('  cart:\n    do: showCart', '  cart:\n    do: showKart'),
  );
  writeFileSync(
    join(shop, 'catalog.csv'),
    `${readFileSync(join(shop, 'catalog.csv'), 'utf8')}broken-row,壊れた,Broken,,,12.5,JPY,-1,,,,\n`,
  );
  return shop;
}

describe('the kaiwa command', () => {
  it('validate prints every problem as file:line:col and exits 1', () => {
    const result = kaiwa(['validate', brokenShop()]);
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => /:\d+:\d+: /.test(line));
    expect(
      lines.some((line) => /\/flows\/shop\.yaml:\d+:\d+: unknown state "kart" \(did you mean "cart"\?\)/.test(line)),
    ).toBe(true);
    expect(
      lines.some((line) =>
        /\/flows\/shop\.yaml:\d+:\d+: unknown action "showKart" \(did you mean "showCart"\?\)/.test(line),
      ),
    ).toBe(true);
    expect(lines.some((line) => /catalog\.csv:\d+:\d+: .*price/i.test(line))).toBe(true);
    expect(lines.some((line) => /catalog\.csv:\d+:\d+: .*stock/i.test(line))).toBe(true);
  });

  it('start refuses a broken shop with the same errors', () => {
    const result = kaiwa(['start', brokenShop()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown state "kart"/);
    expect(result.stdout).not.toMatch(/Kaiwa is serving/);
  });

  it('start --workers refuses SQLite, which is for one process', () => {
    const result = kaiwa(['start', 'examples/shop', '--workers', '2']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--workers needs DATABASE_URL=postgres/);
  });

  it('start on a port already in use says so in one line and exits 1', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const result = kaiwa(['start', 'examples/shop'], undefined, {
        PORT: String(port),
        HOST: '127.0.0.1',
        KAIWA_WATCH: '0',
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        `kaiwa: port ${port} is already in use (127.0.0.1:${port}): stop what holds it, or set PORT to another port`,
      );
    } finally {
      holder.close();
    }
  });

  it('validate passes the example shop', () => {
    const result = kaiwa(['validate', 'examples/shop']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ok: \d+ states, \d+ products, \d+ FAQ entries/);
  });

  it('chat without a terminal reads lines and prints replies as JSON lines', () => {
    const result = kaiwa(['chat', 'examples/shop', '--user', 'cli-script'], 'hello\nhow much is shipping?\n');
    expect(result.status).toBe(0);
    const replies = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; text?: string });
    expect(replies[0]).toMatchObject({ type: 'choices' });
    expect(replies.some((reply) => reply.text?.includes('500 yen'))).toBe(true);
  });
});
