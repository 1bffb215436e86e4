// The files of a new shop, from the answers: { name, locales, currency, channels, kaiwa }.
// Texts exist in English and Japanese; a shop gets those of its locales.

/** @typedef {{ name: string; slug: string; locales: ('en' | 'ja')[]; currency: string; channels: string[]; kaiwa: string }} Answers */

/** The number of minor-unit digits of a currency (JPY 0, USD 2), as Intl knows it. */
export function minorDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A price in minor units: `major` in a two-digit currency, 100 times it in yen-like ones. */
const price = (currency, major) => (minorDigits(currency) === 0 ? major * 100 : major * 10 ** minorDigits(currency));

const products = [
  {
    id: 'tee-organic',
    title: { en: 'Organic cotton T-shirt', ja: 'オーガニックコットンTシャツ' },
    description: {
      en: 'A soft, heavyweight T-shirt in organic cotton. Our best seller.',
      ja: 'オーガニックコットンの柔らかく厚手のTシャツ。一番人気です。',
    },
    major: 24,
    stock: 40,
    tags: 'clothing|featured',
  },
  {
    id: 'mug-stoneware',
    title: { en: 'Stoneware mug', ja: '陶器のマグカップ' },
    description: {
      en: 'A hand-glazed stoneware mug that keeps coffee and tea warm.',
      ja: '手作業で釉薬をかけた陶器のマグ。コーヒーにもお茶にも。',
    },
    major: 18,
    stock: 25,
    tags: 'kitchen|gift',
  },
  {
    id: 'tote-canvas',
    title: { en: 'Canvas tote bag', ja: 'キャンバストートバッグ' },
    description: {
      en: 'A sturdy canvas tote for shopping and everyday carry.',
      ja: '買い物にも普段使いにも丈夫なキャンバストート。',
    },
    major: 15,
    stock: 60,
    tags: 'bags|gift',
  },
];

const text = {
  welcome: {
    en: 'Welcome to {{shop.name}}! Ask me anything, or pick an option below.',
    ja: 'いらっしゃいませ、{{shop.name}}です。ご質問もお気軽にどうぞ。',
  },
  showProducts: { en: 'Show products', ja: '商品を見る' },
  viewCart: { en: 'View cart', ja: 'カートを見る' },
  faq: { en: 'FAQ', ja: 'よくある質問' },
  talk: { en: 'Talk to a person', ja: '担当者と話す' },
  back: { en: 'Back to menu', ja: 'メニューに戻る' },
  checkout: { en: 'Check out', ja: 'ご購入手続きへ' },
  keepShopping: { en: 'Keep shopping', ja: '買い物を続ける' },
  anything: {
    en: 'Anything catch your eye? You can also describe what you are looking for.',
    ja: '気になる商品はありますか？探しているものを書いていただくこともできます。',
  },
  more: { en: 'Would you like anything else?', ja: 'ほかにもご覧になりますか？' },
  payNotice: {
    en: "I'll let you know here as soon as the payment lands.",
    ja: 'お支払いが完了すると、このチャットでお知らせします。',
  },
  paid: {
    en: 'Payment received, thank you! Your order number is {{order.id}} (total {{order.total}}).',
    ja: 'お支払いを確認しました。ありがとうございます！ご注文番号は {{order.id}}（合計 {{order.total}}）です。',
  },
  anythingElse: { en: 'Anything else I can help with?', ja: 'ほかにご質問はありますか？' },
  help: {
    en: 'Ask me about shipping, returns or payment: just type your question.',
    ja: '送料、返品、お支払い方法など、知りたいことをそのまま書いてください。',
  },
  human: { en: 'A member of staff will reply here soon.', ja: '担当者よりこちらで返信いたします。' },
  fallback: {
    en: 'Sorry, I did not catch that. Pick an option below, or try "products", "shipping" or "cart".',
    ja: 'すみません、よくわかりませんでした。下のボタンからお選びいただくか、「商品」「送料」「カート」のように書いてみてください。',
  },
};

const keywords = {
  greet: { en: ['hello', 'hi', 'hey', 'menu', 'start'], ja: ['こんにちは', 'こんばんは', 'おはよう', 'メニュー'] },
  recommend: {
    en: ['recommend', 'products', 'show me', 'looking for', 'do you have'],
    ja: ['おすすめ', '商品', '見せて', '探して', '欲しい'],
  },
  cart: { en: ['cart', 'basket'], ja: ['カート', '買い物かご'] },
  checkout: { en: ['checkout', 'check out', 'pay now'], ja: ['購入手続き', '会計', '注文する'] },
  human: { en: ['talk to a person', 'human', 'operator'], ja: ['担当者', 'オペレーター'] },
};

const faq = [
  {
    id: 'shipping',
    questions: {
      en: ['How much is shipping?', 'What are the delivery fees?', 'Do you charge for shipping?'],
      ja: ['送料はいくらですか？', '配送料金は？', '送料はかかりますか'],
    },
    answer: {
      en: 'Shipping is a flat fee per order, shown before you pay.',
      ja: '送料はご注文ごとに一律で、お支払い前に表示されます。',
    },
  },
  {
    id: 'returns',
    questions: {
      en: ['Can I return an item?', 'What is your return policy?', 'How do I send something back?'],
      ja: ['返品できますか？', '返品の方法を教えてください', '返品について'],
    },
    answer: {
      en: 'Unused items can be returned within 30 days of delivery. Write to us here to start a return.',
      ja: '未使用の商品はお届けから30日以内なら返品できます。こちらのチャットでお知らせください。',
    },
  },
];

const channelVariables = {
  telegram: ['TELEGRAM_BOT_TOKEN=', 'TELEGRAM_WEBHOOK_SECRET='],
  line: ['LINE_CHANNEL_SECRET=', 'LINE_CHANNEL_ACCESS_TOKEN='],
  whatsapp: ['WHATSAPP_ACCESS_TOKEN=', 'WHATSAPP_PHONE_NUMBER_ID=', 'WHATSAPP_APP_SECRET=', 'WHATSAPP_VERIFY_TOKEN='],
  messenger: ['MESSENGER_PAGE_ACCESS_TOKEN=', 'MESSENGER_APP_SECRET=', 'MESSENGER_VERIFY_TOKEN='],
};
export const channelNames = Object.keys(channelVariables);

/** A YAML scalar in double quotes (JSON strings are valid YAML). */
const q = (value) => JSON.stringify(value);
/** `{ en: "…", ja: "…" }` for the shop's locales. */
const localized = (answers, texts) =>
  `{ ${answers.locales.map((locale) => `${locale}: ${q(texts[locale])}`).join(', ')} }`;
/** A text per locale as a block, indented. */
const block = (answers, texts, indent) =>
  answers.locales.map((locale) => `${' '.repeat(indent)}${locale}: ${q(texts[locale])}`).join('\n');

function flow(answers) {
  const intents = Object.entries(keywords)
    .map(
      ([name, words]) =>
        `  ${name}:\n    keywords:\n${answers.locales.map((locale) => `      ${locale}: [${words[locale].map(q).join(', ')}]`).join('\n')}`,
    )
    .join('\n');
  const choice = (label, goto) => `      - label: ${localized(answers, text[label])}\n        goto: ${goto}`;
  return `# yaml-language-server: $schema=node_modules/kaiwajs/docs/flow.schema.json
# The shop's conversation. Format: https://www.npmjs.com/package/kaiwajs (docs/flows.md)
id: ${answers.slug}
initial: welcome

intents:
${intents}

on:
  greet: welcome
  recommend: recommend
  cart: cart
  checkout:
    - { target: cart, guard: cartEmpty }
    - { target: checkout }
  human: human
  faq: faq
  addToCart: added
  paid: paid

states:
  welcome:
    say:
${block(answers, text.welcome, 6)}
    choices:
${choice('showProducts', 'recommend')}
${choice('viewCart', 'cart')}
${choice('faq', 'help')}

  recommend:
    do: recommend
    say:
${block(answers, text.anything, 6)}
    choices:
${choice('viewCart', 'cart')}
${choice('back', 'welcome')}

  added:
    do: addToCart
    onError: recommend
    say:
${block(answers, text.more, 6)}
    choices:
${choice('checkout', 'checkout')}
${choice('keepShopping', 'recommend')}

  cart:
    do: showCart

  checkout:
    do: checkout
    onError: cart
    say:
${block(answers, text.payNotice, 6)}

  paid:
    say:
${block(answers, text.paid, 6)}
    choices:
${choice('keepShopping', 'recommend')}

  faq:
    do: answerFaq
    say:
${block(answers, text.anythingElse, 6)}
    choices:
${choice('showProducts', 'recommend')}
${choice('talk', 'human')}

  help:
    say:
${block(answers, text.help, 6)}
    choices:
${choice('talk', 'human')}
${choice('back', 'welcome')}

  human:
    do: handoff
    say:
${block(answers, text.human, 6)}

fallback:
  say:
${block(answers, text.fallback, 4)}
`;
}

function catalog(answers) {
  const columns = [
    'id',
    ...answers.locales.map((locale) => `title_${locale}`),
    ...answers.locales.map((locale) => `description_${locale}`),
    'price',
    'currency',
    'stock',
    'tags',
  ];
  const rows = products.map((product) =>
    [
      product.id,
      ...answers.locales.map((locale) => q(product.title[locale])),
      ...answers.locales.map((locale) => q(product.description[locale])),
      price(answers.currency, product.major),
      answers.currency,
      product.stock,
      product.tags,
    ].join(','),
  );
  return `${columns.join(',')}\n${rows.join('\n')}\n`;
}

function faqFile(answers) {
  const entries = faq.map(
    (entry) =>
      `  - id: ${entry.id}\n    questions:\n${answers.locales
        .map(
          (locale) =>
            `      ${locale}:\n${entry.questions[locale].map((question) => `        - ${q(question)}`).join('\n')}`,
        )
        .join('\n')}\n    answer:\n${block(answers, entry.answer, 6)}`,
  );
  return `# Questions shoppers ask, with paraphrases per language, and the answers. Format: docs/faq.md\nentries:\n${entries.join('\n\n')}\n`;
}

function tests(answers) {
  const [locale] = answers.locales;
  const t = (key) => text[key][locale];
  return {
    'tests/01-greeting.yaml': `name: ${q(`greets with the menu (${locale})`)}
steps:
  - say: ${q(keywords.greet[locale][0])}
    expect:
      buttons: [${q(t('showProducts'))}, ${q(t('viewCart'))}, ${q(t('faq'))}]
      state: welcome
`,
    'tests/02-buy-and-pay.yaml': `name: ${q(`buys the featured product and pays (${locale})`)}
steps:
  - say: ${q(keywords.greet[locale][0])}
  - press: ${q(t('showProducts'))}
    expect:
      cards: [{ id: tee-organic, price: ${price(answers.currency, 24)} }]
  - press: { label: ${q(locale === 'ja' ? 'カートに入れる' : 'Add to cart')}, product: tee-organic }
    expect:
      buttons: [${q(t('checkout'))}]
  - press: ${q(t('checkout'))}
    expect:
      paymentLink: true
      order: awaiting_payment
  - pay: true
    expect:
      order: paid
      state: paid
`,
    'tests/03-faq.yaml': `name: ${q(`answers a question from the FAQ (${locale})`)}
steps:
  - say: ${q(faq[0].questions[locale][0])}
    expect:
      text: [${q(faq[0].answer[locale].slice(0, 20))}]
`,
  };
}

const actions = `// The shop's own actions and guards, beside the built-in ones: flows name them with \`do:\` and \`guard:\`.
// Kaiwa loads this file (TypeScript, no build step) for kaiwa dev, start, validate and test.
import type { FlowAction, FlowGuard } from 'kaiwajs/flows';

/** An example action: a flow state with \`do: cartSize\` tells the shopper how many items are in the cart. */
const cartSize: FlowAction = async ({ context }) => ({
  replies: [{ type: 'text', text: \`\${context.cart.reduce((sum, line) => sum + line.quantity, 0)}\` }],
});

/** An example guard: \`guard: bigCart\` on a transition. */
const bigCart: FlowGuard = ({ context }) => context.cart.length >= 3;

export default { actions: { cartSize }, guards: { bigCart } };
`;

/** @param {Answers} answers @returns {Record<string, string>} */
export function shopFiles(answers) {
  const [defaultLocale] = answers.locales;
  const env = [
    '# Set these in the environment (your host, or your shell) for what you use; none is needed for `npm run dev`.',
    '# Every variable: https://www.npmjs.com/package/kaiwajs (.env.example in the package)',
    'PORT=3000',
    '# DATABASE_URL=postgres://user@host/db   (default: sqlite://./data/kaiwa.db)',
    '# ADMIN_TOKEN=                          (required in production)',
    ...answers.channels.flatMap((channel) => [`# ${channel}`, ...channelVariables[channel]]),
    '',
  ].join('\n');
  return {
    'package.json': `${JSON.stringify(
      {
        name: answers.slug,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: {
          dev: 'kaiwa dev',
          start: 'kaiwa start',
          chat: 'kaiwa chat',
          test: 'kaiwa test',
          validate: 'kaiwa validate',
          typecheck: 'tsc',
        },
        dependencies: { kaiwajs: answers.kaiwa },
        devDependencies: { '@types/node': '^20.19.0', typescript: '^6.0.3' },
      },
      null,
      2,
    )}\n`,
    'kaiwa.yaml': `# The shop. Every field: docs/configuration.md in the kaiwajs package.
shop:
  name: ${q(answers.name)}
  currency: ${answers.currency}
  locales: [${answers.locales.join(', ')}]
  defaultLocale: ${defaultLocale}
  timeZone: ${defaultLocale === 'ja' ? 'Asia/Tokyo' : 'UTC'}
catalog: catalog.csv
faq: faq.yaml
flows: flows
tests: tests
actions: actions.ts
`,
    'flows/shop.yaml': flow(answers),
    'catalog.csv': catalog(answers),
    'faq.yaml': faqFile(answers),
    ...tests(answers),
    'actions.ts': actions,
    '.env.example': env,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          allowImportingTsExtensions: true,
          types: ['node'],
        },
        exclude: ['node_modules', 'data'],
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\ndata/\n.env\n',
    'README.md': `# ${answers.name}

A chat shop built with [Kaiwa](https://www.npmjs.com/package/kaiwajs).

\`\`\`sh
npm install
npm run dev        # serves the shop; chat with it at http://localhost:3000/simulator
npm test           # replays the conversations in tests/
npm run typecheck  # checks actions.ts (and any TypeScript of yours) against Kaiwa's types
\`\`\`

| file | what it is |
|---|---|
| \`kaiwa.yaml\` | name, languages, currency, where the files are |
| \`flows/shop.yaml\` | the conversation: states, buttons, what each step does |
| \`catalog.csv\` | products; prices in ${answers.currency}'s minor units |
| \`faq.yaml\` | questions shoppers ask and the answers |
| \`tests/*.yaml\` | scripted conversations for \`npm test\` |
| \`actions.ts\` | your own flow actions and guards |
| \`.env.example\` | the environment variables for channels and payments |

\`npm run dev\` reloads on every save; a mistake is shown as \`file:line:col\` in the terminal and the simulator while
the last good version keeps serving. \`npm run chat\` chats in the terminal, \`npm run validate\` checks every file.
Connect a channel by setting its environment variables (see \`.env.example\`), then \`npm start\`.
`,
  };
}
