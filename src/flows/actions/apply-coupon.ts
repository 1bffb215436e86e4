import { formatMoney, pickText, type CouponRefusal, type Money } from '../../core/index.js';
import { ActionFailure, type FlowAction, type FlowContext } from '../context.js';
import { messages, type MessageName } from '../messages.js';
import { localText } from '../render.js';
import type { FlowServices } from '../services.js';
import { showCart } from './show-cart.js';

const refusals: Record<CouponRefusal, MessageName> = {
  unknown: 'couponUnknown',
  expired: 'couponExpired',
  not_yet_valid: 'couponNotYetValid',
  used_up: 'couponUsedUp',
  min_spend: 'couponMinSpend',
  already_used: 'couponAlreadyUsed',
  first_order_only: 'couponFirstOrderOnly',
};

/** Why a code does not apply, in each of the message's languages (the shopper's is picked when it is said). */
export function couponFailure(
  refusal: { code: string; refused: CouponRefusal; minSpend?: Money },
  context: FlowContext,
  services: FlowServices,
  cause?: unknown,
): ActionFailure {
  const text = messages[refusals[refusal.refused]];
  return new ActionFailure(
    Object.fromEntries(
      Object.keys(text).map((locale) => [
        locale,
        localText(text, { ...context, locale }, services, {
          coupon: {
            code: refusal.code,
            minSpend: refusal.minSpend ? formatMoney(refusal.minSpend, locale) : '',
          },
        }),
      ]),
    ),
    cause === undefined ? undefined : { cause },
  );
}

const freeShipping = { ja: '送料無料', en: 'free shipping' };

/**
 * `do: applyCoupon`: checks a coupon code against kaiwa.yaml `promotions:` for the cart as it is
 * (the order service's quote: dates in the shop's time zone, minimum spend, use limits, first
 * order), and when it applies keeps it for checkout and shows the cart with its discount line.
 * When it does not, the shopper is told why and nothing changes. The code comes from the button
 * (`arg`), the state's `with: { code }`, or what the shopper wrote (`クーポン SAWA10`); without
 * one, the shopper is asked for it. No model decides a discount.
 */
export const applyCoupon: FlowAction = async (input) => {
  const { context, services, tx, address, event, args } = input;
  const given = [args.arg, args.code].find((value): value is string => typeof value === 'string');
  const code = (given ?? (event.text ? services.orders.couponCode?.(event.text) : undefined))
    ?.normalize('NFKC')
    .trim()
    .toUpperCase();
  if (!code) return { replies: [{ type: 'text', text: localText(messages.couponAsk, context, services) }] };
  if (context.cart.length === 0) throw new ActionFailure(messages.couponCartEmpty);
  const quoted = services.orders.quote
    ? await services.orders.quote(tx, { address, lines: context.cart, locale: context.locale, coupon: code })
    : undefined;
  const coupon = quoted?.coupon ?? { code, refused: 'unknown' as const };
  if (coupon.refused) throw couponFailure({ ...coupon, refused: coupon.refused }, context, services);
  const line = quoted?.charges.find((charge) => charge.kind === 'discount' && charge.code === code);
  const discount =
    line && line.amount.amount < 0
      ? formatMoney(line.amount, context.locale)
      : pickText(freeShipping, context.locale, 'en');
  const applied = localText(messages.couponApplied, context, services, { coupon: { code, discount } });
  const withCoupon = { ...context, coupon: code };
  const cart = await showCart({ ...input, context: withCoupon });
  return {
    replies: [{ type: 'text', text: applied }, ...(cart?.replies ?? [])],
    context: { ...cart?.context, coupon: code },
  };
};
