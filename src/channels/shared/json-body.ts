import type { RawRequest } from '../../core/index.js';

// One decoder for every request: building a TextDecoder per call cost more than the JSON.parse.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const parsed = new WeakMap<RawRequest, { value: unknown } | undefined>();

/**
 * The request's body as UTF-8 JSON, or `undefined` when it is not. Parsed once per request: an
 * adapter may look at the body in `respond` and again in `parse`. Callers must not mutate `value`.
 */
export function jsonBody(request: RawRequest): { value: unknown } | undefined {
  if (parsed.has(request)) return parsed.get(request);
  let result: { value: unknown } | undefined;
  try {
    result = { value: JSON.parse(utf8.decode(request.body)) as unknown };
  } catch {
    result = undefined;
  }
  parsed.set(request, result);
  return result;
}
