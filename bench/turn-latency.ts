// npm run bench: the latency of one simulator turn on the embedded default (SQLite file, offline
// recommender), measured in process through the HTTP app. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createKaiwa } from '../src/app/index.js';
import { createApp } from '../src/server/app.js';

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 100);
const script = [
  'こんにちは',
  '送料はいくらですか',
  'おすすめの緑茶',
  'hello',
  'recommend a gift under 5000 yen',
  'cart',
];
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-bench-'));
const kaiwa = await createKaiwa({
  shopDir: 'examples/shop',
  env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
  log: () => undefined,
});
const app = createApp(kaiwa.app);
const timings: number[] = [];
const started = performance.now();
for (let user = 0; user < conversations; user++) {
  for (const text of script) {
    const begin = performance.now();
    const response = await app.request('/simulator/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: `bench-${user}`, text }),
    });
    if (response.status !== 200) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    timings.push(performance.now() - begin);
  }
}
const elapsed = (performance.now() - started) / 1000;
timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);
console.log('| measure | value |\n|---|---|');
console.log(`| turns | ${timings.length} (${conversations} conversations × ${script.length}) |`);
console.log(`| turns/s (sequential, one process) | ${(timings.length / elapsed).toFixed(0)} |`);
console.log(
  `| latency p50 / p90 / p99 / max (ms) | ${at(0.5)} / ${at(0.9)} / ${at(0.99)} / ${timings.at(-1)!.toFixed(2)} |`,
);
console.log(`| RSS (MiB) | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} |`);
await kaiwa.close();
rmSync(dir, { recursive: true, force: true });
