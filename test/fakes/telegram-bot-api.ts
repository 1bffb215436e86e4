import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
}

/**
 * A local Bot API: `POST /bot<token>/<method>` with a JSON body, answering `{ ok, result }` as
 * Telegram does. `failNext` queues error answers (429 with retry_after, 500, 403) for the next calls;
 * `hangChat` leaves calls for one chat unanswered (a platform that stopped responding) until undone.
 */
export async function startFakeTelegram(): Promise<{
  url: string;
  calls: RecordedCall[];
  failNext(...answers: { status: number; description: string; retryAfter?: number }[]): void;
  hangChat(chatId: number | undefined): void;
  close(): Promise<void>;
}> {
  let hanging: number | undefined;
  const calls: RecordedCall[] = [];
  const failures: { status: number; description: string; retryAfter?: number }[] = [];
  let messageId = 1000;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      if (!match) {
        response.statusCode = 404;
        response.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      const body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      if (hanging !== undefined && Number(body.chat_id) === hanging) return; // no answer, ever
      const failure = failures.shift();
      if (failure) {
        response.statusCode = failure.status;
        response.end(
          JSON.stringify({
            ok: false,
            error_code: failure.status,
            description: failure.description,
            ...(failure.retryAfter ? { parameters: { retry_after: failure.retryAfter } } : {}),
          }),
        );
        return;
      }
      calls.push({ token: match[1]!, method: match[2]!, body });
      const result =
        match[2] === 'sendMessage' || match[2] === 'sendPhoto'
          ? { message_id: messageId++, chat: { id: Number(body.chat_id) }, date: 0 }
          : true;
      response.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failNext: (...answers) => failures.push(...answers),
    hangChat: (chatId) => void (hanging = chatId),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
