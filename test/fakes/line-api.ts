import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedLineRequest {
  path: '/v2/bot/message/reply' | '/v2/bot/message/push' | string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An error answer for the next request: a status, LINE's `message`, optionally a Retry-After header. */
export interface LineFailure {
  status: number;
  message: string;
  retryAfter?: string;
  /** Only for the next request to this endpoint; by default, the next request of either kind. */
  path?: '/v2/bot/message/reply' | '/v2/bot/message/push';
}

export const invalidReplyToken: LineFailure = { status: 400, message: 'Invalid reply token' };

/**
 * A local Messaging API: `POST /v2/bot/message/{reply,push}` with JSON bodies, answering
 * `{ sentMessages: [{ id, quoteToken }] }` as LINE does. It records every request with its headers
 * (failed ones too), checks the Bearer token, refuses a reused reply token with 400 "Invalid reply
 * token", and answers a push whose X-Line-Retry-Key it already accepted with 409, like LINE.
 * `failNext` queues error answers (429 with Retry-After, 500, 403…) for the next requests.
 */
export async function startFakeLineApi(accessToken: string): Promise<{
  url: string;
  requests: RecordedLineRequest[];
  failNext(...failures: LineFailure[]): void;
  /** userId → the `language` its profile answers (GET /v2/bot/profile/{userId}); unknown users get 404. */
  profiles: Map<string, string>;
  profileLookups: string[];
  close(): Promise<void>;
}> {
  const requests: RecordedLineRequest[] = [];
  const failures: LineFailure[] = [];
  const usedReplyTokens = new Set<string>();
  const profiles = new Map<string, string>();
  const profileLookups: string[] = [];
  const acceptedRetryKeys = new Map<string, string>();
  let messageId = 500_000_000_000_000;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'x-line-request-id': randomUUID(),
          ...headers,
        });
        response.end(JSON.stringify(body));
      };
      const body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const path = request.url ?? '';
      const profile = /^\/v2\/bot\/profile\/(U[0-9a-f]{32})$/.exec(path);
      if (request.method === 'GET' && profile) {
        // Get profile: recorded apart, so the send tests' request lists stay exact.
        profileLookups.push(profile[1]!);
        if (request.headers.authorization !== `Bearer ${accessToken}`)
          return answer(401, { message: 'Authentication failed.' });
        const language = profiles.get(profile[1]!);
        return language === undefined
          ? answer(404, { message: 'Not found' })
          : answer(200, { userId: profile[1], displayName: 'Shopper', language });
      }
      requests.push({ path, headers: request.headers, body });
      if (path === '/v2/bot/channel/webhook/endpoint' && request.method === 'PUT') return answer(200, {});
      if (path === '/v2/bot/channel/webhook/test' && request.method === 'POST') {
        const reachable = typeof body.endpoint === 'string' && body.endpoint.startsWith('https://');
        return answer(200, {
          success: reachable,
          timestamp: new Date().toISOString(),
          statusCode: reachable ? 200 : 0,
          reason: reachable ? 'OK' : 'COULD_NOT_CONNECT',
          detail: '',
        });
      }
      if (request.method !== 'POST' || (path !== '/v2/bot/message/reply' && path !== '/v2/bot/message/push'))
        return answer(404, { message: 'Not found' });
      if (request.headers.authorization !== `Bearer ${accessToken}`)
        return answer(401, {
          message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
        });
      const index = failures.findIndex((candidate) => candidate.path === undefined || candidate.path === path);
      const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
      if (failure)
        return answer(
          failure.status,
          { message: failure.message },
          failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
        );
      const messages = Array.isArray(body.messages) ? body.messages : [];
      if (messages.length < 1 || messages.length > 5)
        return answer(400, {
          message: 'The request body has 1 error(s)',
          details: [{ message: 'Size must be between 1 and 5', property: 'messages' }],
        });
      if (path.endsWith('/reply')) {
        const token = String(body.replyToken);
        if (usedReplyTokens.has(token)) return answer(400, { message: invalidReplyToken.message });
        usedReplyTokens.add(token);
      } else {
        const key = request.headers['x-line-retry-key'];
        if (typeof key === 'string') {
          const accepted = acceptedRetryKeys.get(key);
          if (accepted)
            return answer(
              409,
              { message: 'The retry key is already accepted' },
              { 'x-line-accepted-request-id': accepted },
            );
          acceptedRetryKeys.set(key, randomUUID());
        }
      }
      answer(200, { sentMessages: messages.map(() => ({ id: String(messageId++), quoteToken: randomUUID() })) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (...next) => failures.push(...next),
    profiles,
    profileLookups,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
