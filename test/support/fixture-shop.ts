import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureShopOptions {
  /** kaiwa.yaml's `shop.currency`; default USD. */
  currency?: string;
  /** kaiwa.yaml's `shop.defaultLocale`; default en. */
  defaultLocale?: string;
  /** Further edits to kaiwa.yaml (synonyms, dropping shipping…). */
  kaiwaYaml?: (text: string) => string;
  /** Further edits to the flow file (the merchant's own keywords…). */
  flow?: (text: string) => string;
  /** faq.yaml; default one returns entry. */
  faq?: string;
  /** catalog.csv's lines, header first. */
  catalog?: readonly string[];
  /** tests/*.yaml by file name. */
  tests?: Readonly<Record<string, string>>;
}

const returnsFaq = `entries:
  - id: returns
    questions:
      en: [Can I return a swimsuit?, What is your return policy?]
      ja: [返品できますか？]
    answer:
      en: Unworn swimwear can be returned within 30 days.
      ja: 未着用の水着は30日以内に返品できます。
`;

/**
 * Another merchant's shop folder in `dir`, on the example shop's flow without its custom actions
 * (a folder outside the project cannot import `kaiwajs`): for conversation tests that shop a
 * catalog as that merchant's shoppers would. Returns `dir`.
 */
export function fixtureShop(dir: string, options: FixtureShopOptions = {}): string {
  mkdirSync(join(dir, 'tests'), { recursive: true });
  cpSync('examples/shop/flows', join(dir, 'flows'), { recursive: true });
  const flow = readFileSync('examples/shop/flows/shop.yaml', 'utf8').replace(
    'do: [addToCart, freeShippingHint]',
    'do: [addToCart]',
  );
  writeFileSync(join(dir, 'flows', 'shop.yaml'), options.flow ? options.flow(flow) : flow);
  const kaiwa = readFileSync('examples/shop/kaiwa.yaml', 'utf8')
    .replace('currency: JPY', `currency: ${options.currency ?? 'USD'}`)
    .replace('defaultLocale: ja', `defaultLocale: ${options.defaultLocale ?? 'en'}`)
    .replace(/^actions: .*$/m, '')
    // The example shop's categories are its own catalog's tags.
    .replace(/^categories:\n(?: {2}- .*\n)+/m, '');
  writeFileSync(join(dir, 'kaiwa.yaml'), options.kaiwaYaml ? options.kaiwaYaml(kaiwa) : kaiwa);
  writeFileSync(join(dir, 'faq.yaml'), options.faq ?? returnsFaq);
  if (options.catalog) writeFileSync(join(dir, 'catalog.csv'), [...options.catalog, ''].join('\n'));
  for (const [file, body] of Object.entries(options.tests ?? {})) writeFileSync(join(dir, 'tests', file), body);
  return dir;
}
