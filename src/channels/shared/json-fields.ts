import { InvalidPayloadError } from '../../core/index.js';

/** Platform ids arrive as numbers or strings; anything else is a malformed body. */
export function idField(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 256) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new InvalidPayloadError(`"${field}" must be an id (a string or an integer)`, field);
}

/** An optional text field: a string or absent; anything else is a malformed body. */
export function textField(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new InvalidPayloadError(`"${field}" must be a string`, field);
}

export function objectField(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function arrayField(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw new InvalidPayloadError(`"${field}" must be an array`, field);
}

/** Epoch seconds or milliseconds → ISO; a missing or absurd time becomes now. */
export function timeField(value: unknown, unit: 'seconds' | 'milliseconds'): string {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return new Date().toISOString();
  const date = new Date(unit === 'seconds' ? number * 1000 : number);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? new Date().toISOString() : date.toISOString();
}

export function numberField(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new InvalidPayloadError(`"${field}" must be a number`, field);
}
