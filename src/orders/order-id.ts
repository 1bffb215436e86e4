import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: readable aloud and over the phone.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A human-friendly order number such as `KW-7Q3M-9XKD` (40 random bits). */
export function newOrderId(): string {
  const bytes = randomBytes(8);
  const characters = Array.from(bytes, (byte) => alphabet[byte % 32]).join('');
  return `KW-${characters.slice(0, 4)}-${characters.slice(4, 8)}`;
}
