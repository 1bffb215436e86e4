import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { InvalidPayloadError, parseJsonBytes, PayloadTooLargeError, type RawRequest } from '../core/index.js';

/** Node's request under @hono/node-server; other runtimes (and `app.request` in tests) have none. */
const incomingOf = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/** Reads a Node request body, stopping (and discarding the rest) as soon as it passes `maxBytes`. */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (settle: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Nothing more is kept; the server drains or drops the connection after answering 413.
        chunks.length = 0;
        incoming.pause();
        return done(() => reject(new PayloadTooLargeError(maxBytes)));
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    const onError = (error: Error) =>
      done(() => reject(new InvalidPayloadError(`the body could not be read: ${error.message}`)));
    const onClose = () =>
      done(() => reject(new InvalidPayloadError('the client closed the connection before the body ended')));
    if (incoming.readableEnded) return resolve(new Uint8Array(0));
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    incoming.resume();
  });
}

/** Reads a web stream body the same way (other runtimes, `app.request` in tests). */
async function readStream(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/**
 * The one place a request body is read (lint forbids `c.req.json()` and friends elsewhere): as a
 * stream, cut off with PayloadTooLargeError (413) as soon as it passes `maxBytes`, and refused
 * before reading when `Content-Length` already says so. Chunked bodies never grow memory past it.
 */
export async function readBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return new Uint8Array(0);
  const incoming = incomingOf(c);
  return incoming ? readIncoming(incoming, maxBytes) : readStream(c.req.raw.body, maxBytes);
}

/** A JSON body, read with the limit; InvalidPayloadError (400) saying `expected` when it is not JSON. */
export async function readJsonBody(c: Context, maxBytes: number, expected: string): Promise<unknown> {
  const parsed = parseJsonBytes(await readBody(c, maxBytes));
  if (!parsed) throw new InvalidPayloadError(`the body must be JSON: ${expected}`);
  return parsed.value;
}

/** The one place HTTP becomes a RawRequest (raw bytes: signatures cover bytes). */
export async function toRawRequest(c: Context, maxBytes: number): Promise<RawRequest> {
  const body = await readBody(c, maxBytes);
  const remoteAddress = incomingOf(c)?.socket?.remoteAddress;
  return {
    method: c.req.method,
    url: c.req.url,
    headers: c.req.raw.headers,
    body,
    ...(remoteAddress ? { remoteAddress } : {}),
  };
}
