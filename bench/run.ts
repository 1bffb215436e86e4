// npm run bench: the full webhook turn, side by side with a bare ceiling and telegraf's echo, all on
// loopback against a local Bot API; prints a table, ratio lines, and writes bench/results.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { llmConcurrencyBench } from './llm-concurrency.js';
import { pacedLoad } from './paced-load.js';
import { fillConversations, memoryBench, retrievalBench, shopifyImportBench } from './scale.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const secret = 'bench-webhook-secret-0123';
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const children: ChildProcess[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'kaiwa-bench-'));

function start(
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<{ child: ChildProcess; startedMs: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    const ready = () => {
      clearTimeout(timer);
      resolve({ child, startedMs: performance.now() - began });
    };
    // Kaiwa is ready when /healthz answers; the small servers print "ready".
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!args.includes('start') && chunk.toString().includes('ready')) ready();
    });
    if (!args.includes('start')) return;
    const poll = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (response?.ok) return ready();
      setTimeout(() => void poll(), 50);
    };
    void poll();
  });
}

const fakePort = 39_100;
const fakeUrl = `http://127.0.0.1:${fakePort}`;
const count = async () => ((await (await fetch(`${fakeUrl}/count`)).json()) as { sent: number }).sent;

let nextUpdate = 1;
const webhookHeaders = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret };
/** A new Telegram update each call, spread over 5,000 chats. */
const nextUpdateBody = () => {
  const id = nextUpdate++;
  const chat = 1 + (id % 5000);
  return JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: chat, is_bot: false, first_name: 'B' },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text: `m${id}`,
    },
  });
};

/** Waits until the fake Bot API has received a reply for every acknowledged webhook (or 30 s). */
async function repliesFor(ok: number) {
  let replies = await count();
  for (let wait = 0; wait < 300 && replies < ok; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    replies = await count();
  }
  return replies;
}

/** CPU time (user + system, all threads) a process has used, in ms; undefined where /proc is missing. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/** Runs `measure` and adds the server's CPU time per acknowledged webhook, in µs. */
async function withCpu<T extends { ok: number }>(
  server: ChildProcess,
  measure: () => Promise<T>,
): Promise<T & { cpuUs?: number }> {
  const before = cpuMs(server.pid);
  const result = await measure();
  const after = cpuMs(server.pid);
  return before === undefined || after === undefined || result.ok === 0
    ? result
    : { ...result, cpuUs: ((after - before) * 1000) / result.ok };
}

/** Closed loop: `connections` clients, each sending its next webhook when the last is answered (peak throughput). */
async function load(port: number) {
  await fetch(`${fakeUrl}/reset`);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/telegram',
        headers: webhookHeaders,
        setupRequest: (request) => ({ ...request, body: nextUpdateBody() }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: result.errors + result.non2xx,
    replies: await repliesFor(ok),
  };
}

/** Open loop: webhooks evenly spaced at `rate` per second, latency counted from when each was due. */
async function pacedAt(port: number, rate: number) {
  await fetch(`${fakeUrl}/reset`);
  const result = await pacedLoad({
    url: `http://127.0.0.1:${port}`,
    path: '/webhooks/telegram',
    headers: webhookHeaders,
    body: nextUpdateBody,
    rate,
    seconds,
  });
  return {
    rps: result.ok / seconds,
    p50: result.p50,
    p99: result.p99,
    ok: result.ok,
    errors: result.errors,
    replies: await repliesFor(result.ok),
  };
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  replies: number;
  cpuUs?: number;
}
const rows: Row[] = [];
// One process per server (the tsx CLI would fork a child that outlives a kill).
const tsx = ['--import', 'tsx'];
const kaiwaEnv = (database: Record<string, string>) => ({
  ...database,
  TELEGRAM_BOT_TOKEN: '123456:BENCH-token-abcdefghijklmnop',
  TELEGRAM_WEBHOOK_SECRET: secret,
  TELEGRAM_API_ROOT: fakeUrl,
  SEND_RATE_LIMITS: '0',
  DEMO_PAYMENT_SECRET: 'bench-demo-secret-0123456789',
});
const pgSchema = `kaiwa_bench_${Date.now().toString(36)}`;
const sqliteFull = join(tmp, 'full.db');

try {
  await start([...tsx, 'bench/servers/fake-bot-api.ts'], {}, fakePort);
  const contenders: [string, string[], Record<string, string>][] = [
    ['bare node:http (ceiling)', [...tsx, 'bench/servers/bare-ceiling.ts'], { TELEGRAM_API_ROOT: fakeUrl }],
    ['telegraf webhook echo (peer)', [...tsx, 'bench/servers/telegraf-echo.ts'], { TELEGRAM_API_ROOT: fakeUrl }],
    [
      'kaiwa on SQLite',
      ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop'],
      kaiwaEnv({ DATABASE_URL: `sqlite://${join(tmp, 'bench.db')}` }),
    ],
    [
      'kaiwa on SQLite holding 1,000,000 conversations',
      ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop'],
      kaiwaEnv({ DATABASE_URL: `sqlite://${sqliteFull}` }),
    ],
    [
      'kaiwa on PostgreSQL',
      ['bin/kaiwa.js', 'start', 'test/fixtures/echo-shop'],
      kaiwaEnv({ DATABASE_URL: pgUrl, DATABASE_SCHEMA: pgSchema }),
    ],
  ];
  let port = 39_200;
  const peak: Record<string, number> = {};
  let fillMs = 0;
  for (const [name, args, env] of contenders) {
    if (name.includes('1,000,000')) {
      // Let kaiwa create the schema, stop it, fill the file, and start it again on the full store.
      const { child: creator } = await start(args, env, ++port);
      creator.kill('SIGTERM');
      await new Promise((resolve) => creator.once('exit', resolve));
      fillMs = fillConversations(sqliteFull);
    }
    const { child } = await start(args, env, ++port);
    await load(port); // warm-up
    const measured = await withCpu(child, () => load(port));
    rows.push({ name, ...measured });
    peak[name] = measured.rps;
    if (name === 'kaiwa on SQLite')
      rows.push({
        name: 'kaiwa on SQLite at half its peak rate (evenly paced)',
        ...(await withCpu(child, () => pacedAt(port, Math.max(1, Math.floor(measured.rps / 2))))),
      });
    child.kill('SIGTERM');
  }
  const startup = await start(
    ['bin/kaiwa.js', 'start', 'examples/shop'],
    { DATABASE_URL: `sqlite://${join(tmp, 'startup.db')}` },
    ++port,
  );
  startup.child.kill('SIGTERM');

  const memoryRows = await memoryBench(tmp);
  const scaleRows = [
    ...memoryRows,
    ...(await retrievalBench(tmp)),
    ...shopifyImportBench(),
    ...(await llmConcurrencyBench(tmp, pgUrl)),
  ];
  const table = [
    `Webhook turn benchmark: ${seconds} s per run, ${connections} connections, loopback, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| server | requests/s | p50 ms | p99 ms | server CPU µs per request | acknowledged | errors | replies sent |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.cpuUs === undefined ? 'n/a' : row.cpuUs.toFixed(0)} | ${row.ok} | ${row.errors} | ${row.replies} |`,
    ),
    '',
    `Start-up (\`kaiwa start examples/shop\` to a healthy /healthz, fresh SQLite): ${startup.startedMs.toFixed(0)} ms`,
    '',
    '| scale | value |',
    '|---|---|',
    `| writing 1,000,000 stored conversations into SQLite | ${(fillMs / 1000).toFixed(1)} s |`,
    ...scaleRows,
  ];
  const ceiling = peak['bare node:http (ceiling)']!;
  const ratios = [
    `ratio kaiwa-sqlite/ceiling=${(peak['kaiwa on SQLite']! / ceiling).toFixed(2)}`,
    `ratio kaiwa-postgres/ceiling=${(peak['kaiwa on PostgreSQL']! / ceiling).toFixed(2)}`,
    `ratio kaiwa-sqlite/telegraf=${(peak['kaiwa on SQLite']! / peak['telegraf webhook echo (peer)']!).toFixed(2)}`,
    `ratio store-1m/empty=${(peak['kaiwa on SQLite holding 1,000,000 conversations']! / peak['kaiwa on SQLite']!).toFixed(2)}`,
  ];
  console.log([...table, '', ...ratios].join('\n'));
  writeFileSync('bench/results.md', `# Benchmark results\n\n${[...table, '', '```', ...ratios, '```'].join('\n')}\n`);
} finally {
  for (const child of children) child.kill('SIGKILL');
  process.exitCode ??= 0;
  rmSync(tmp, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client
    .connect()
    .then(() => client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`))
    .catch(() => undefined);
  await client.end().catch(() => undefined);
}
