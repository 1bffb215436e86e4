import type { CartLine } from '../../core/index.js';
import { InvalidQuantityError } from './errors.js';

/** The most units of one product a single order line may hold: a typo guard, not a stock rule. */
export const maxLineQuantity = 99;

/** Throws InvalidQuantityError unless `quantity` is a whole number from 1 to {@link maxLineQuantity}. */
export function checkQuantity(productId: string, quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > maxLineQuantity)
    throw new InvalidQuantityError(productId, quantity, maxLineQuantity);
}

/**
 * Adds units of a product, merging into its existing line (a cart never holds a product twice).
 * Pure: returns a new cart. Throws InvalidQuantityError past {@link maxLineQuantity}.
 * @example addToCart([{ productId: 'sencha', quantity: 1 }], 'sencha') // [{ productId: 'sencha', quantity: 2 }]
 */
export function addToCart(cart: readonly CartLine[], productId: string, quantity = 1): CartLine[] {
  checkQuantity(productId, quantity);
  const existing = cart.find((line) => line.productId === productId);
  if (!existing) return [...cart, { productId, quantity }];
  return setCartQuantity(cart, productId, existing.quantity + quantity);
}

/** Drops a product's line; a product that is not in the cart leaves it as it was. */
export function removeFromCart(cart: readonly CartLine[], productId: string): CartLine[] {
  return cart.filter((line) => line.productId !== productId);
}

/** Sets a product's quantity, keeping its place in the cart; 0 removes the line, a new product is appended. */
export function setCartQuantity(cart: readonly CartLine[], productId: string, quantity: number): CartLine[] {
  if (quantity === 0) return removeFromCart(cart, productId);
  checkQuantity(productId, quantity);
  if (!cart.some((line) => line.productId === productId)) return [...cart, { productId, quantity }];
  return cart.map((line) => (line.productId === productId ? { productId, quantity } : line));
}

/** Units in the cart, all lines together (what a "Cart (3)" button shows). */
export function countCartItems(cart: readonly CartLine[]): number {
  return cart.reduce((count, line) => count + line.quantity, 0);
}

/**
 * Merges duplicate product lines in first-seen order and checks every quantity, before and after
 * merging: carts arrive from session snapshots and custom actions, so checkout trusts none of them.
 */
export function mergeCartLines(lines: readonly CartLine[]): CartLine[] {
  let merged: CartLine[] = [];
  for (const line of lines) merged = addToCart(merged, line.productId, line.quantity);
  return merged;
}
