import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { stopGracefully } from '../../src/app/stop-gracefully.js';

const get = (port: number, path: string, agent: http.Agent) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });

describe('stopping kaiwa start (SIGTERM)', () => {
  it('answers the requests it already has, idle keep-alive connections included, then closes; new connections are refused', async () => {
    const events: string[] = [];
    const server = http.createServer((request, response) => {
      const delay = request.url === '/slow' ? 300 : 0;
      setTimeout(() => {
        events.push(`answered ${request.url}`);
        response.end(`done ${request.url}`);
      }, delay);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    // Two keep-alive connections: one will carry the slow request, the other sits idle.
    await Promise.all([get(port, '/warm-1', agent), get(port, '/warm-2', agent)]);
    const slow = get(port, '/slow', agent);
    // A connection accepted before the stop whose request arrives after it (a webhook mid-upload).
    const late = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => late.once('connect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20));

    // The grace period's end cuts every connection (closeAllConnections); a clean stop never gets there.
    const cutAll = vi.spyOn(server, 'closeAllConnections');
    const stopped = stopGracefully(server, async () => void events.push('closed'), 5_000);
    const lateAnswer = new Promise<string>((resolve) => {
      let text = '';
      late.on('data', (chunk: Buffer) => (text += chunk.toString()));
      late.on('close', () => resolve(text));
    });
    setTimeout(() => late.write('GET /late HTTP/1.1\r\nHost: kaiwa\r\nConnection: close\r\n\r\n'), 30);

    expect(await slow).toEqual({ status: 200, body: 'done /slow' });
    expect(await lateAnswer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*done \/late$/);
    await stopped;
    expect(cutAll).not.toHaveBeenCalled();
    expect(events.slice(-1)).toEqual(['closed']);
    expect(events.indexOf('closed')).toBeGreaterThan(events.indexOf('answered /slow'));
    await expect(get(port, '/after', new http.Agent())).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('cuts what is still open after the grace period', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const hanging = get(port, '/hang', new http.Agent()).catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let closed = false;
    await stopGracefully(server, async () => void (closed = true), 200);
    expect(closed).toBe(true);
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
  });
});
