/** Exponential backoff with full jitter, capped: 1 s, 2 s, 4 s … up to 5 minutes. */
export function retryDelayMs(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) return retryAfterMs;
  const ceiling = Math.min(300_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
