import { KaiwaError } from './errors.js';
import type { Money } from './money.js';

/**
 * Why a coupon code does not apply to a cart (kaiwa.yaml `promotions:`), each told to the shopper
 * in their language (src/flows/messages.ts, `coupon…`) while nothing changes.
 */
export type CouponRefusal =
  'unknown' | 'expired' | 'not_yet_valid' | 'used_up' | 'min_spend' | 'already_used' | 'first_order_only';

/** A coupon that does not apply: at checkout the order is not made (`coupon_refused`, 422). */
export class CouponError extends KaiwaError {
  constructor(
    readonly couponCode: string,
    readonly reason: CouponRefusal,
    /** With `min_spend`: the least the goods must come to. */
    readonly minSpend?: Money,
  ) {
    super('coupon_refused', `coupon ${couponCode} does not apply: ${reason.replace(/_/g, ' ')}`);
  }
}

/**
 * Shares `total` minor units among `weights` (non-negative integers) in proportion, exactly: each
 * share is rounded down and the units left over go one each to the largest remainders, the
 * earlier entry first on a tie. The shares always add up to `total` (at most the weights' sum).
 * BigInt keeps `total × weight` exact beyond 2^53.
 * @example allocate(300, [2400, 6500]) // [80, 220]: 2400/8900 of 300 is 80.9, 6500/8900 is 219.1
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total) || total < 0 || total > sum)
    throw new RangeError(`cannot share ${total} among weights summing to ${sum}`);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const big = BigInt(sum);
  const exact = weights.map((weight) => BigInt(total) * BigInt(weight));
  const shares = exact.map((value) => Number(value / big));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value % big }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}
