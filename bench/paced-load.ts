// An open-loop load generator: requests start on a fixed schedule whatever the server does, and
// each latency is counted from the moment its request was due (as wrk2 does), so a stall shows
// in the percentiles instead of silently slowing the load. autocannon's `overallRate` is no use
// for "latency at half of peak": it spends each second's budget flat out at the top of the
// second and then waits, so it measures bursts at full peak.
import http from 'node:http';

export interface PacedLoadOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: () => string;
  /** Requests per second, spread evenly. */
  rate: number;
  seconds: number;
}

export interface PacedLoadResult {
  ok: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const inFlight = new Set<Promise<void>>();
  const begin = performance.now();

  const send = (dueAt: number) => {
    const body = options.body();
    const request = new Promise<void>((resolve) => {
      const outgoing = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: options.path,
          method: 'POST',
          agent,
          headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - dueAt);
            else errors++;
            resolve();
          });
        },
      );
      outgoing.on('error', () => {
        errors++;
        resolve();
      });
      outgoing.end(body);
    });
    inFlight.add(request);
    void request.then(() => inFlight.delete(request));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - begin) / 1000;
      // Request k is due at k / rate seconds: request 0 at once.
      const due = Math.min(total, Math.floor(elapsed * options.rate) + 1);
      while (started < due) send(begin + (started++ / options.rate) * 1000);
      if (started >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return { ok: latencies.length, errors, p50: at(0.5), p99: at(0.99), max: at(1) };
}
