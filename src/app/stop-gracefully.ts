import type { Server } from 'node:http';

/**
 * Stops taking connections and lets the requests being handled finish, so a webhook in the middle
 * of its turn gets its 200 instead of a reset the platform would have to redeliver; then runs
 * `close`. Whatever is still open after `graceMs` is cut.
 */
export async function stopGracefully(server: Server, close: () => Promise<void>, graceMs = 10_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections that finish their request stay open and would hold close(): close them as they go idle.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, deadline]);
  clearInterval(sweep);
  clearTimeout(timer);
  await close();
}
