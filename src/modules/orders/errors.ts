import { InvalidPayloadError, KaiwaError, type OrderStatus } from '../../core/index.js';

/** Checkout with nothing in the cart: the conversation should have offered products first. */
export class EmptyCartError extends InvalidPayloadError {
  constructor() {
    super('the cart is empty; add a product before checking out', 'cart');
  }
}

/** A cart line's quantity is not a whole number from 1 to the per-line maximum. */
export class InvalidQuantityError extends InvalidPayloadError {
  constructor(
    readonly productId: string,
    readonly quantity: number,
    readonly max: number,
  ) {
    super(`quantity of "${productId}" must be a whole number from 1 to ${max}, got ${quantity}`, 'quantity');
  }
}

/** The cart's products are priced in different currencies; one order (and one payment) has one. */
export class MixedCurrencyError extends InvalidPayloadError {
  constructor(readonly currencies: readonly string[]) {
    super(`the cart mixes currencies (${currencies.join(', ')}); split it into one order per currency`, 'cart');
  }
}

/** A merchant action the order's status does not allow (cancel a paid order, fulfil an unpaid one). */
export class OrderStateError extends KaiwaError {
  constructor(
    readonly orderId: string,
    readonly status: OrderStatus | 'missing',
    message: string,
  ) {
    super('order_state', message);
  }
}

/** The shop has no shipping zone for the delivery country (kaiwa.yaml `shipping.zones`). */
export class CannotShipError extends KaiwaError {
  constructor(readonly country: string) {
    super('cannot_ship', `the shop does not ship to ${country} (no zone in kaiwa.yaml shipping.zones lists it)`);
  }
}
