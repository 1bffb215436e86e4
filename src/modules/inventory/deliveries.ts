/** How long a webhook's id is remembered: Shopify retries a delivery for at most a few hours (48 before 2024). */
const keptMs = 7 * 86_400_000;

/** Deliveries recorded before this (ISO) may be forgotten when one is recorded at `at`. */
export const deliveryCutoff = (at: string): string => new Date(Date.parse(at) - keptMs).toISOString();
