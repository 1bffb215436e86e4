import { describe, expect, it } from 'vitest';
import {
  addToCart,
  countCartItems,
  mergeCartLines,
  removeFromCart,
  setCartQuantity,
} from '../../src/modules/orders/cart.js';
import { InvalidQuantityError } from '../../src/modules/orders/errors.js';
import { newOrderId } from '../../src/modules/orders/order-id.js';

describe('cart helpers', () => {
  it('merge quantities of the same product and keep line order', () => {
    let cart = addToCart([], 'sencha');
    cart = addToCart(cart, 'matcha', 2);
    cart = addToCart(cart, 'sencha', 3);
    expect(cart).toEqual([
      { productId: 'sencha', quantity: 4 },
      { productId: 'matcha', quantity: 2 },
    ]);
    expect(countCartItems(cart)).toBe(6);
  });

  it('set, remove, and never mutate the cart they are given', () => {
    const cart = Object.freeze([
      { productId: 'sencha', quantity: 1 },
      { productId: 'matcha', quantity: 2 },
    ]);
    expect(setCartQuantity(cart, 'matcha', 5)).toEqual([
      { productId: 'sencha', quantity: 1 },
      { productId: 'matcha', quantity: 5 },
    ]);
    expect(setCartQuantity(cart, 'hojicha', 1)).toHaveLength(3);
    expect(setCartQuantity(cart, 'sencha', 0)).toEqual([{ productId: 'matcha', quantity: 2 }]);
    expect(removeFromCart(cart, 'matcha')).toEqual([{ productId: 'sencha', quantity: 1 }]);
    expect(removeFromCart(cart, 'ghost')).toEqual(cart);
    expect(countCartItems([])).toBe(0);
  });

  it('refuse quantities that are not whole numbers from 1 to 99, also after merging', () => {
    for (const quantity of [0, -1, 1.5, 100, Number.NaN])
      expect(() => addToCart([], 'sencha', quantity)).toThrow(InvalidQuantityError);
    expect(() => setCartQuantity([], 'sencha', -2)).toThrow(InvalidQuantityError);
    expect(() =>
      mergeCartLines([
        { productId: 'sencha', quantity: 60 },
        { productId: 'sencha', quantity: 40 },
      ]),
    ).toThrow(/from 1 to 99, got 100/);
    expect(
      mergeCartLines([
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 2 },
      ]),
    ).toEqual([
      { productId: 'a', quantity: 3 },
      { productId: 'b', quantity: 1 },
    ]);
  });
});

describe('order numbers', () => {
  it('are readable Crockford base32 and unique', () => {
    const ids = new Set(Array.from({ length: 5000 }, newOrderId));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^KW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
