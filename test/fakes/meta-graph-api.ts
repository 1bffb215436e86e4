import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** A local Graph API (`/v21.0/me/messages`, `/v21.0/<phone id>/messages`) answering as Meta does; `failNext` queues errors. */
export async function startFakeGraph() {
  const calls: GraphCall[] = [];
  const failures: { status: number; code: number; message: string; retryAfter?: number }[] = [];
  let next = 1;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      const failure = failures.shift();
      if (failure) {
        response.statusCode = failure.status;
        if (failure.retryAfter) response.setHeader('retry-after', String(failure.retryAfter));
        return response.end(
          JSON.stringify({
            error: { message: failure.message, type: 'OAuthException', code: failure.code, fbtrace_id: 'x' },
          }),
        );
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      calls.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
      const id = `m_${next++}`;
      response.end(
        JSON.stringify(
          request.url?.includes('/me/messages')
            ? { recipient_id: (body.recipient as { id: string }).id, message_id: id }
            : {
                messaging_product: 'whatsapp',
                contacts: [{ input: body.to, wa_id: body.to }],
                messages: [{ id: `wamid.${id}` }],
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`,
    calls,
    failNext: (...answers: { status: number; code: number; message: string; retryAfter?: number }[]) =>
      failures.push(...answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
