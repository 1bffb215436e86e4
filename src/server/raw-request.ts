import type { Context } from 'hono';
import { InvalidPayloadError, type RawRequest } from '../core/index.js';

/** The one place HTTP becomes a RawRequest (raw bytes: signatures cover bytes). */
export async function toRawRequest(c: Context, maxBytes: number): Promise<RawRequest> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > maxBytes) throw new InvalidPayloadError(`the body is larger than ${maxBytes} bytes`);
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.byteLength > maxBytes) throw new InvalidPayloadError(`the body is larger than ${maxBytes} bytes`);
  // @hono/node-server passes Node's request as `incoming`; other runtimes leave the address unknown.
  const remoteAddress = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body, ...(remoteAddress ? { remoteAddress } : {}) };
}
