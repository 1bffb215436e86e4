import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A local stand-in for what Bot Framework runs outside the machine: the OpenID metadata and signing
 * keys channels sign their JWTs with, the login service's client-credentials token endpoint, and a
 * channel's connector (`POST /v3/conversations/{id}/activities`). `channelToken()` signs a token the
 * way the Bot Connector does (RS256, issuer https://api.botframework.com, audience = app id).
 */
export async function startFakeBotFramework(app: { appId: string; appPassword: string }) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `kid-${randomUUID()}`;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const calls: ConnectorCall[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let failures: number[] = [];
  let next = 1;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      response.setHeader('content-type', 'application/json');
      if (path === '/openid')
        return response.end(
          JSON.stringify({
            issuer: 'https://api.botframework.com',
            jwks_uri: `${url}/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
      if (path === '/keys')
        return response.end(
          JSON.stringify({
            keys: [
              {
                kty: 'RSA',
                use: 'sig',
                kid,
                n: jwk.n,
                e: jwk.e,
                endorsements: ['msteams', 'webchat', 'directline', 'emulator'],
              },
            ],
          }),
        );
      if (path === '/botframework.com/oauth2/v2.0/token') {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        if (form.get('client_id') !== app.appId || form.get('client_secret') !== app.appPassword) {
          response.statusCode = 401;
          return response.end(JSON.stringify({ error: 'invalid_client' }));
        }
        return response.end(
          JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: 'bf-access-token' }),
        );
      }
      const failure = failures.shift();
      if (failure) {
        response.statusCode = failure;
        if (failure === 429) response.setHeader('retry-after', '1');
        return response.end(JSON.stringify({ error: { code: 'Throttled', message: 'slow down' } }));
      }
      if (request.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities$/.test(path)) {
        calls.push({
          path: decodeURIComponent(path),
          authorization: request.headers.authorization,
          body: JSON.parse(body) as Record<string, unknown>,
        });
        return response.end(JSON.stringify({ id: `activity-${next++}` }));
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { code: 'NotFound', message: path } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openIdMetadataUrl: `${url}/openid`,
    loginUrl: `${url}/botframework.com`,
    calls,
    tokenRequests,
    failNext: (...statuses: number[]) => void (failures = [...failures, ...statuses]),
    /** A channel token as the Bot Connector sends it; `claims` overrides any claim. */
    channelToken(serviceUrl: string, claims: Record<string, unknown> = {}): string {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
      const payload = base64url(
        JSON.stringify({
          iss: 'https://api.botframework.com',
          aud: app.appId,
          serviceurl: serviceUrl,
          nbf: now - 60,
          exp: now + 3600,
          ...claims,
        }),
      );
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
      return `${header}.${payload}.${base64url(signature)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
