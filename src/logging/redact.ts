const secretKey = /token|secret|password|passwd|authorization|signature|api[-_]?key|cookie|credential/i;

/** Runs of 13 or more digits, spaces or dashes between: a card number may hide inside one. */
const digitRun = /\d(?:[ -]?\d){12,}/g;
/** International numbers (+81 90 1234 5678, +819012345678) and Japanese ones (090-1234-5678, 03-1234-5678). */
const phoneLike = /(?:\+\d[\d -]{7,16}\d)|\b0\d{1,4}-\d{1,4}-\d{3,4}\b|\b0[789]0\d{8}\b/g;
const emailLike = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const bearer = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether the run holds a card number: any sequence of its space- or dash-separated groups with
 * 13–19 digits in all that passes the Luhn check ("1 4242 4242 4242 4242" holds one; a lone
 * 16-digit id that fails the check does not).
 */
function holdsCard(run: string): boolean {
  const groups = run.split(/[ -]/);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
    }
  }
  return false;
}

/** Masks what must never reach a log in free text: the configured secrets, bearer tokens, cards, phones, e-mails. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out
    .replace(bearer, '$1 [redacted]')
    .replace(digitRun, (match) => (holdsCard(match) ? '[card]' : match))
    .replace(phoneLike, '[phone]')
    .replace(emailLike, '[email]');
}

/** A copy of `value` safe to log: secret-named keys masked whole, every string redacted, cycles cut. */
export function redact(value: unknown, secrets: readonly string[], seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error)
    return {
      name: value.name,
      message: redactText(value.message, secrets),
      ...(value.stack ? { stack: redactText(value.stack, secrets) } : {}),
    };
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      secretKey.test(key) && item !== undefined && item !== null && item !== ''
        ? '[redacted]'
        : redact(item, secrets, seen),
    ]),
  );
}
