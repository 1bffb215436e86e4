import { ChannelSendError, UpstreamUnreachableError } from '../../core/index.js';

/** Graph API error codes that mean "slow down" rather than "no". */
const rateLimitCodes = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);

/** POSTs JSON to the Graph API, mapping refusals to ChannelSendError and network failures to UpstreamUnreachableError. */
export async function postToGraph(url: string, accessToken: string, body: unknown): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new UpstreamUnreachableError(`Graph API unreachable: ${(error as Error).message}`, { cause: error });
  }
  const payload = (await response.json().catch(() => ({}))) as { error?: { code?: number; message?: string } } & Record<
    string,
    unknown
  >;
  if (response.ok) return payload;
  const code = payload.error?.code;
  const retryable =
    response.status === 429 || response.status >= 500 || (code !== undefined && rateLimitCodes.has(code));
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ChannelSendError(
    `Graph API ${response.status}${code !== undefined ? ` (code ${code})` : ''}: ${payload.error?.message ?? 'refused'}`,
    {
      status: response.status,
      retryable,
      ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    },
  );
}
