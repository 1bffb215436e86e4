import type { LocalizedText } from '../core/index.js';

/** Kaiwa's own words, used where a flow file does not say otherwise. */
export const messages = {
  notUnderstood: {
    ja: 'すみません、よくわかりませんでした。下のボタンからお選びいただくか、言い方を変えてお試しください。',
    en: "Sorry, I didn't catch that. Please pick one of the options below or try saying it another way.",
  },
  offerChanged: {
    ja: 'そのボタンの内容は変更されました。現在のメニューからお選びください。',
    en: 'That offer has changed. Please choose from the current options.',
  },
  noLongerAvailable: {
    ja: '申し訳ありません、その商品は現在お取り扱いしておりません。',
    en: 'Sorry, that product is no longer available.',
  },
  outOfStock: {
    ja: '申し訳ありません、「{{product.title}}」は在庫切れです。',
    en: 'Sorry, “{{product.title}}” is out of stock.',
  },
  notEnoughStock: {
    ja: '申し訳ありません、「{{product.title}}」の在庫が足りません（残り{{product.stock}}点）。',
    en: 'Sorry, there are only {{product.stock}} of “{{product.title}}” left.',
  },
  added: {
    ja: '「{{product.title}}」をカートに追加しました（{{product.price}}）。',
    en: 'Added “{{product.title}}” to your cart ({{product.price}}).',
  },
  removed: { ja: '「{{product.title}}」をカートから削除しました。', en: 'Removed “{{product.title}}” from your cart.' },
  cartEmpty: { ja: 'カートは空です。', en: 'Your cart is empty.' },
  optedIn: {
    ja: 'お知らせの配信を承りました。いつでも「配信停止」で止められます。',
    en: "You're subscribed to our news. Say “unsubscribe” any time to stop.",
  },
  optedOut: { ja: 'お知らせの配信を停止しました。', en: "You won't get our news any more." },
  cartSummary: {
    ja: 'カートの中身（{{cart.count}}点）：\n{{cart.lines}}\n合計：{{cart.total}}{{cart.taxNote}}',
    en: 'Your cart ({{cart.count}} items):\n{{cart.lines}}\nTotal: {{cart.total}}{{cart.taxNote}}',
  },
  couponApplied: {
    ja: 'クーポン {{coupon.code}} を適用しました（{{coupon.discount}}）。',
    en: 'Coupon {{coupon.code}} applied ({{coupon.discount}}).',
  },
  couponAsk: {
    ja: 'クーポンコードを入力してください（例：「クーポン SAWA10」）。',
    en: 'Please type your coupon code (e.g. “coupon SAWA10”).',
  },
  couponCartEmpty: {
    ja: 'クーポンはカートに商品を入れてからご利用ください。',
    en: 'Add something to your cart first, then use the coupon.',
  },
  couponUnknown: {
    ja: '「{{coupon.code}}」というクーポンは見つかりませんでした。コードをご確認ください。',
    en: 'We couldn’t find the coupon “{{coupon.code}}”. Please check the code.',
  },
  couponExpired: {
    ja: 'クーポン {{coupon.code}} は有効期限が切れています。',
    en: 'Coupon {{coupon.code}} has expired.',
  },
  couponNotYetValid: {
    ja: 'クーポン {{coupon.code}} はまだご利用いただけません。',
    en: 'Coupon {{coupon.code}} can’t be used yet.',
  },
  couponUsedUp: {
    ja: '申し訳ありません、クーポン {{coupon.code}} は利用上限に達しました。',
    en: 'Sorry, coupon {{coupon.code}} has been used up.',
  },
  couponMinSpend: {
    ja: 'クーポン {{coupon.code}} は商品合計{{coupon.minSpend}}以上でご利用いただけます。',
    en: 'Coupon {{coupon.code}} needs {{coupon.minSpend}} or more of goods.',
  },
  couponAlreadyUsed: {
    ja: 'クーポン {{coupon.code}} はすでにご利用済みです。',
    en: 'You have already used coupon {{coupon.code}}.',
  },
  couponFirstOrderOnly: {
    ja: 'クーポン {{coupon.code}} は初回のご注文のみご利用いただけます。',
    en: 'Coupon {{coupon.code}} is for a first order only.',
  },
  couponRemoved: {
    ja: 'クーポン {{coupon.code}} はご利用いただけないため外しました（以下は割引なしの金額です）。',
    en: 'Coupon {{coupon.code}} no longer applies, so it was removed (full price below).',
  },
  checkoutLink: {
    ja: 'ご注文番号 {{order.id}}、合計 {{order.total}}{{order.taxNote}} です。こちらからお支払いください（{{order.expires}}まで有効）。',
    en: 'Order {{order.id}}, total {{order.total}}{{order.taxNote}}. Please pay here (valid until {{order.expires}}).',
  },
  paid: {
    ja: 'お支払いを確認しました。ありがとうございます！ご注文番号は {{order.id}} です。',
    en: 'Payment received, thank you! Your order number is {{order.id}}.',
  },
  paymentFailed: {
    ja: 'お支払いが完了しませんでした。もう一度お試しいただくか、別のお支払い方法をお選びください。',
    en: "The payment didn't go through. Please try again or choose another way to pay.",
  },
  paymentMismatch: {
    ja: 'お支払いの確認に問題がありました。担当者が確認のうえご連絡いたします。',
    en: 'There was a problem confirming your payment. Our staff will check it and get back to you.',
  },
  noRecommendations: {
    ja: '条件に合う商品が見つかりませんでした。別の言葉でお試しください。',
    en: "I couldn't find products matching that. Try different words?",
  },
  notCarried: {
    ja: '{{words}}は取り扱いがありません。こちらはいかがですか：',
    en: "We don't carry {{words}}. Here is what we have:",
  },
  noOrders: {
    ja: 'このチャットでのご注文は見つかりませんでした。ご注文番号をお知らせいただければお調べします。',
    en: "I couldn't find an order from this chat. Send us your order number and we'll look it up.",
  },
  faqNotFound: {
    ja: 'その質問にはお答えできる情報が見つかりませんでした。担当者におつなぎしましょうか？',
    en: "I couldn't find an answer to that. Shall I connect you with a member of staff?",
  },
  handoff: {
    ja: '担当者におつなぎします。少々お待ちください。',
    en: "I'm connecting you with a member of staff. Please wait a moment.",
  },
  turnFailed: {
    ja: '申し訳ありません。このメッセージをうまく処理できませんでした。もう一度お試しいただくか、担当者をお呼びください。',
    en: 'Sorry, something went wrong with that message on our side. Please try again, or ask for a member of staff.',
  },
  localeChanged: { ja: '日本語で対応いたします。', en: "I'll continue in English." },
  addToCartButton: { ja: 'カートに入れる', en: 'Add to cart' },
  talkToPersonButton: { ja: '担当者と話す', en: 'Talk to a person' },
  chooseOptionsButton: { ja: '種類を選ぶ', en: 'Choose options' },
  chooseOption: {
    ja: '「{{product.title}}」の{{option}}をお選びください。',
    en: 'Which {{option}} would you like for “{{product.title}}”?',
  },
  soldOutValues: { ja: '売り切れ：{{values}}', en: 'Sold out: {{values}}' },
  fromPrice: { ja: '{{price}}〜', en: 'from {{price}}' },
  optionNoLongerAvailable: {
    ja: '申し訳ありません、その種類は現在お取り扱いしておりません。',
    en: 'Sorry, that option is no longer available.',
  },
  detailsButton: { ja: '詳細', en: 'Details' },
  removeButton: { ja: '削除', en: 'Remove' },
  checkoutButton: { ja: 'ご購入手続きへ', en: 'Check out' },
  continueButton: { ja: '買い物を続ける', en: 'Keep shopping' },
  inStock: { ja: '在庫あり（{{product.stock}}点）', en: 'In stock ({{product.stock}})' },
  soldOut: { ja: '在庫切れ', en: 'Sold out' },
} satisfies Record<string, LocalizedText>;

export type MessageName = keyof typeof messages;
