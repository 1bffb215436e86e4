import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bot API for long polling: `getUpdates` answers the queued updates from `offset` on, or
 * holds the request until one is queued or its `timeout` passes, as Telegram does; `offset`
 * confirms (drops) earlier updates. Other methods are recorded and answered like sendMessage.
 */
export async function startFakeTelegramPolling() {
  let queue: Record<string, unknown>[] = [];
  let again: Record<string, unknown>[] = [];
  const offsets: number[] = [];
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const waiting = new Set<() => void>();
  let messageId = 1;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = /^\/bot[^/]+\/(\w+)$/.exec(request.url ?? '')?.[1] ?? '';
      const body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      response.setHeader('content-type', 'application/json');
      if (method !== 'getUpdates') {
        calls.push({ method, body });
        return response.end(
          JSON.stringify({
            ok: true,
            result:
              method === 'sendMessage'
                ? { message_id: messageId++, chat: { id: Number(body.chat_id) }, date: 0 }
                : true,
          }),
        );
      }
      const offset = typeof body.offset === 'number' ? body.offset : 0;
      offsets.push(offset);
      queue = queue.filter((update) => (update.update_id as number) >= offset);
      const answer = () => {
        response.end(JSON.stringify({ ok: true, result: [...again, ...queue] }));
        again = [];
      };
      if (queue.length > 0 || again.length > 0) return answer();
      const wake = () => {
        waiting.delete(wake);
        clearTimeout(timer);
        if (!response.writableEnded) answer();
      };
      const timer = setTimeout(wake, Number(body.timeout ?? 0) * 1000);
      waiting.add(wake);
      request.socket.once('close', () => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    offsets,
    push(...updates: Record<string, unknown>[]) {
      queue.push(...updates);
      for (const wake of [...waiting]) wake();
    },
    /** Hands an update out once more whatever the offset, as after a crash before it was confirmed. */
    pushAgain(update: Record<string, unknown>) {
      again.push(update);
      for (const wake of [...waiting]) wake();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiting]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
