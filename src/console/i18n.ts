/**
 * The console's fixed texts in its two languages (docs/console.md, "Languages"). Every page takes its
 * words from here; `{name}` marks a value the page fills in (as plain text: pages escape the result).
 */
export const consoleLangs = ['ja', 'en'] as const;
export type ConsoleLang = (typeof consoleLangs)[number];

const en = {
  'console.title': 'console',
  'nav.handoffs': 'Handoffs',
  'nav.conversations': 'Conversations',
  'nav.orders': 'Orders',
  'nav.funnel': 'Funnel',
  'nav.catalog': 'Catalog',
  'nav.simulator': 'Simulator',
  'nav.language': 'Language',

  'handoffs.empty': 'No conversation is waiting for a person.',
  'handoffs.conversation': 'conversation',
  'handoffs.why': 'why',
  'handoffs.lastMessage': 'last message',
  'handoffs.since': 'waiting since ({timeZone})',

  'conversation.shopper': 'shopper',
  'conversation.bot': 'bot',
  'conversation.agent': 'agent',
  'conversation.owner': "the shop, from the platform's app",
  'conversation.empty': 'No messages yet.',
  'conversation.replyPlaceholder': 'Reply to the shopper',
  'conversation.send': 'Send',
  'conversation.release': 'Return to bot',
  'conversation.botAnswering': 'The bot is answering this conversation.',
  'conversation.takeOver': 'Take over',
  'conversation.orders': 'Orders',
  'conversation.times': 'Times in {timeZone}.',

  'conversations.channel': 'channel',
  'conversations.allChannels': 'all channels',
  'conversations.searchPlaceholder': 'words the shopper or bot wrote, conversation id',
  'conversations.search': 'Search',
  'conversations.conversation': 'conversation',
  'conversations.lastMessage': 'last message',
  'conversations.lastActivity': 'last activity ({timeZone})',
  'conversations.state': 'state',
  'conversations.orders': 'orders',
  'conversations.handedOff': 'handed off',
  'conversations.bot': 'bot',
  'conversations.empty': 'No conversations match.',
  'conversations.newer': '← Newer',
  'conversations.older': 'Older →',
  'conversations.page': 'page {page}',

  'orders.status': 'status',
  'orders.channel': 'channel',
  'orders.from': 'from',
  'orders.to': 'to',
  'orders.searchPlaceholder': 'order no., shopper, product',
  'orders.filter': 'Filter',
  'orders.order': 'order',
  'orders.total': 'total',
  'orders.created': 'created ({timeZone})',
  'orders.empty': 'No orders match.',

  'order.conversation': 'conversation',
  'order.payment': 'payment: {provider}',
  'order.shippedWith': 'shipped with {carrier}',
  'order.tracking': 'tracking',
  'order.track': 'track',
  'order.actions': 'Actions',
  'order.history': 'History ({timeZone})',
  'order.notFound': 'No such order.',
  'order.fulfil': 'Fulfil',
  'order.fulfilQuestion': 'Mark {order} as shipped and tell the shopper on {channel} (with the tracking link)?',
  'order.carrier': 'carrier',
  'order.noTracking': '— no tracking —',
  'order.trackingNumber': 'tracking number',
  'order.cancel': 'Cancel order',
  'order.cancelQuestion': 'Cancel {order}, give its stock back and tell the shopper on {channel}?',
  'order.refund': 'Refund',
  'order.refundQuestion': 'Refund {total} in full through {provider} and tell the shopper on {channel}?',
  'order.cannotRefund': "Paid with {provider}, which Kaiwa cannot refund: refund it in the provider's dashboard.",
  'order.unknownProvider': 'an unknown provider',
  'order.confirm': 'Confirm',
  'order.back': 'Back',

  'funnel.from': 'from',
  'funnel.to': 'to',
  'funnel.show': 'Show',
  'funnel.conversion': 'conversion (paid ÷ conversations)',
  'funnel.averageOrderValue': 'average order value',
  'funnel.revenue': 'revenue',
  'funnel.day': 'day',
  'funnel.channel': 'channel',
  'funnel.conversations': 'conversations',
  'funnel.sawProducts': 'saw products',
  'funnel.addedToCart': 'added to cart',
  'funnel.checkout': 'checkout',
  'funnel.checkoutStarted': 'checkout started',
  'funnel.paid': 'paid',
  'funnel.chart': 'sales funnel',

  'catalog.searchPlaceholder': 'search: 緑茶, teapot, sku…',
  'catalog.search': 'Search',
  'catalog.count': '{shown} of {total} products',
  'catalog.matching': ' matching “{query}”',
  'catalog.live': 'stock is live (reserved units already taken off).',
  'catalog.id': 'id',
  'catalog.productTitle': 'title',
  'catalog.price': 'price',
  'catalog.stock': 'stock',
  'catalog.tags': 'tags',

  'script.sent': 'Sent.',
  'script.released': 'Returned to the bot.',
  'script.doneWarning': 'Done. {warning}',
  'script.done': 'Done: the order is {status} and the shopper is told.',
} as const;

export type ConsoleKey = keyof typeof en;

const ja: Record<ConsoleKey, string> = {
  'console.title': '管理画面',
  'nav.handoffs': '対応待ち',
  'nav.conversations': '会話',
  'nav.orders': '注文',
  'nav.funnel': 'ファネル',
  'nav.catalog': '商品',
  'nav.simulator': 'シミュレーター',
  'nav.language': '言語',

  'handoffs.empty': '担当者を待っている会話はありません。',
  'handoffs.conversation': '会話',
  'handoffs.why': '理由',
  'handoffs.lastMessage': '最後のメッセージ',
  'handoffs.since': '待機開始（{timeZone}）',

  'conversation.shopper': 'お客様',
  'conversation.bot': 'ボット',
  'conversation.agent': '担当者',
  'conversation.owner': 'ショップ（プラットフォームのアプリから）',
  'conversation.empty': 'まだメッセージはありません。',
  'conversation.replyPlaceholder': 'お客様への返信',
  'conversation.send': '送信',
  'conversation.release': 'ボットに戻す',
  'conversation.botAnswering': 'この会話にはボットが応答しています。',
  'conversation.takeOver': '対応を引き継ぐ',
  'conversation.orders': '注文',
  'conversation.times': '時刻は {timeZone}。',

  'conversations.channel': 'チャネル',
  'conversations.allChannels': 'すべてのチャネル',
  'conversations.searchPlaceholder': 'お客様やボットの発言、会話ID',
  'conversations.search': '検索',
  'conversations.conversation': '会話',
  'conversations.lastMessage': '最後のメッセージ',
  'conversations.lastActivity': '最終更新（{timeZone}）',
  'conversations.state': '状態',
  'conversations.orders': '注文',
  'conversations.handedOff': '担当者対応中',
  'conversations.bot': 'ボット',
  'conversations.empty': '該当する会話はありません。',
  'conversations.newer': '← 新しい会話',
  'conversations.older': '古い会話 →',
  'conversations.page': '{page} ページ',

  'orders.status': '状態',
  'orders.channel': 'チャネル',
  'orders.from': '開始日',
  'orders.to': '終了日',
  'orders.searchPlaceholder': '注文番号、お客様、商品',
  'orders.filter': '絞り込む',
  'orders.order': '注文',
  'orders.total': '合計',
  'orders.created': '作成日時（{timeZone}）',
  'orders.empty': '該当する注文はありません。',

  'order.conversation': '会話',
  'order.payment': '決済: {provider}',
  'order.shippedWith': '{carrier}で発送済み',
  'order.tracking': 'お問い合わせ番号',
  'order.track': '配送状況',
  'order.actions': '操作',
  'order.history': '履歴（{timeZone}）',
  'order.notFound': 'その注文はありません。',
  'order.fulfil': '発送',
  'order.fulfilQuestion': '{order} を発送済みにし、{channel} でお客様に（追跡リンク付きで）お知らせしますか？',
  'order.carrier': '配送業者',
  'order.noTracking': '— 追跡なし —',
  'order.trackingNumber': 'お問い合わせ番号',
  'order.cancel': '注文をキャンセル',
  'order.cancelQuestion': '{order} をキャンセルし、在庫を戻して、{channel} でお客様にお知らせしますか？',
  'order.refund': '返金',
  'order.refundQuestion': '{total} を {provider} で全額返金し、{channel} でお客様にお知らせしますか？',
  'order.cannotRefund': '{provider} での支払いは Kaiwa から返金できません。決済サービスの管理画面で返金してください。',
  'order.unknownProvider': '不明な決済サービス',
  'order.confirm': '実行する',
  'order.back': '戻る',

  'funnel.from': '開始日',
  'funnel.to': '終了日',
  'funnel.show': '表示',
  'funnel.conversion': 'コンバージョン率（支払い ÷ 会話）',
  'funnel.averageOrderValue': '平均注文額',
  'funnel.revenue': '売上',
  'funnel.day': '日付',
  'funnel.channel': 'チャネル',
  'funnel.conversations': '会話',
  'funnel.sawProducts': '商品表示',
  'funnel.addedToCart': 'カート追加',
  'funnel.checkout': '購入手続き',
  'funnel.checkoutStarted': '購入手続き開始',
  'funnel.paid': '支払い済み',
  'funnel.chart': '販売ファネル',

  'catalog.searchPlaceholder': '検索: 緑茶、急須、SKU…',
  'catalog.search': '検索',
  'catalog.count': '{total} 件中 {shown} 件の商品',
  'catalog.matching': '（「{query}」に一致）',
  'catalog.live': '在庫は現在の数です（予約分は差し引き済み）。',
  'catalog.id': 'ID',
  'catalog.productTitle': '商品名',
  'catalog.price': '価格',
  'catalog.stock': '在庫',
  'catalog.tags': 'タグ',

  'script.sent': '送信しました。',
  'script.released': 'ボットに戻しました。',
  'script.doneWarning': '完了しました。{warning}',
  'script.done': '完了: 注文は {status} になり、お客様にお知らせしました。',
};

/** Both languages' texts, by key. */
export const consoleTexts: Readonly<Record<ConsoleLang, Readonly<Record<ConsoleKey, string>>>> = { en, ja };

/** A language's text for `key`, with each `{name}` replaced by `values[name]` (plain text, unescaped). */
export type Translate = (key: ConsoleKey, values?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: ConsoleLang): Translate {
  const texts = consoleTexts[lang];
  return (key, values = {}) =>
    texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export const isConsoleLang = (value: string | undefined): value is ConsoleLang =>
  (consoleLangs as readonly string[]).includes(value ?? '');

/** The cookie that remembers the language a `?lang=` chose. */
export const langCookie = 'kaiwa_console_lang';

/**
 * The console's language: `?lang=ja|en`, else the remembered cookie, else the shop's default locale
 * (`ja-JP` counts as `ja`), else English.
 */
export function chooseLang(query: string | undefined, cookie: string | undefined, defaultLocale: string): ConsoleLang {
  if (isConsoleLang(query)) return query;
  if (isConsoleLang(cookie)) return cookie;
  const base = defaultLocale.toLowerCase().split(/[-_]/)[0];
  return isConsoleLang(base) ? base : 'en';
}
