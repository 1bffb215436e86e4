import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLineApi } from '../../fakes/line-api.js';
import { channelAccessToken, channelSecret } from './helpers.js';

let line: Awaited<ReturnType<typeof startFakeLineApi>>;
beforeAll(async () => {
  line = await startFakeLineApi(channelAccessToken);
});
afterAll(() => line.close());

// Not spawnSync: the fake LINE API answers from this process.
const kaiwa = (url: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/kaiwa.js', 'webhook', 'set', 'line', '--url', url], {
      env: {
        ...process.env,
        LINE_CHANNEL_SECRET: channelSecret,
        LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
        LINE_API_BASE_URL: line.url,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });

describe('kaiwa webhook set line', () => {
  it("sets the channel's webhook URL and runs LINE's test request", async () => {
    const result = await kaiwa('https://shop.example.com/');
    expect(result.stdout).toContain('ok: LINE now posts events to https://shop.example.com/webhooks/line');
    expect(line.requests.find((request) => request.path === '/v2/bot/channel/webhook/endpoint')?.body).toEqual({
      endpoint: 'https://shop.example.com/webhooks/line',
    });
    expect(
      line.requests.find((request) => request.path === '/v2/bot/channel/webhook/endpoint')?.headers.authorization,
    ).toBe(`Bearer ${channelAccessToken}`);
  }, 30_000);

  it('says so when LINE cannot reach the URL', async () => {
    const result = await kaiwa('http://localhost:3000');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/test request failed \(COULD_NOT_CONNECT\)/);
  }, 30_000);
});
