import type { FlowAction } from '../context.js';
import { addToCart } from './add-to-cart.js';
import { answerFaq } from './answer-faq.js';
import { applyCoupon } from './apply-coupon.js';
import { checkout } from './checkout.js';
import { chooseVariant } from './choose-variant.js';
import { optIn, optOut } from './consent.js';
import { orderStatus } from './order-status.js';
import { handoff } from './handoff.js';
import { recommend } from './recommend.js';
import { removeFromCart } from './remove-from-cart.js';
import { setLocale } from './set-locale.js';
import { showCart } from './show-cart.js';
import { showProduct } from './show-product.js';

/** The actions every flow can name with `do:`; a shop adds its own with `registerAction`. */
export const builtInActions: Record<string, FlowAction> = {
  recommend,
  showProduct,
  addToCart,
  chooseVariant,
  removeFromCart,
  showCart,
  applyCoupon,
  checkout,
  answerFaq,
  orderStatus,
  handoff,
  setLocale,
  optIn,
  optOut,
};
