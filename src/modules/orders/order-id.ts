import { randomInt } from 'node:crypto';

// Crockford base32: digits and capitals without I, L, O and U, so it reads aloud and types without confusion.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A human-friendly order number such as `KW-7Q3M-9XKD`: 8 characters of crypto randomness
 * (40 bits), unguessable enough that knowing one order number does not reveal another.
 */
export function newOrderId(): string {
  const characters = Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `KW-${characters.slice(0, 4)}-${characters.slice(4)}`;
}
