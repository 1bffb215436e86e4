import { InvalidPayloadError } from '../core/index.js';

/** Checkout with nothing in the cart. */
export class EmptyCartError extends InvalidPayloadError {
  constructor() {
    super('the cart is empty', 'cart');
  }
}
