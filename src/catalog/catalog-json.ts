import type { Product, SourceIssue, SourcePos } from '../core/index.js';
import type { PositionedProduct } from './catalog-csv.js';
import {
  checkCurrency,
  checkId,
  checkImageUrl,
  checkCompareAt,
  checkFlag,
  checkPrice,
  checkStock,
  normalizeTags,
  type Checked,
} from './product-rules.js';
import { field, fields, isMap, isSeq, parseYamlWithPositions, plain, type PositionedYaml } from '../shop/yaml.js';

const productFields = [
  'id',
  'title',
  'description',
  'imageUrl',
  'tags',
  'attributes',
  'price',
  'compareAtPrice',
  'continueSelling',
];
const knownFields = [...productFields, 'stock'];
const withVariantsFields = [...productFields, 'options', 'variants'];
const variantFields = ['id', 'options', 'price', 'compareAtPrice', 'stock', 'imageUrl', 'continueSelling'];

/**
 * Parses a JSON catalog: an array of { id, title: {ja,en}, description, price: {amount, currency},
 * stock, imageUrl?, tags?, attributes? }. It is read as YAML (JSON is YAML) only to know the line
 * and column of every element and field.
 */
export function parseCatalogJson(
  file: string,
  source: string,
): { products: PositionedProduct[]; issues: SourceIssue[] } {
  const yaml = parseYamlWithPositions(file, source);
  if (yaml.issues.length > 0) return { products: [], issues: yaml.issues };
  const root = yaml.document.contents;
  if (!isSeq(root))
    return {
      products: [],
      issues: [
        { pos: yaml.posOf(root), message: 'a JSON catalog is an array of products: [ { "id": …, "title": {…}, … } ]' },
      ],
    };
  const issues: SourceIssue[] = [];
  const products: PositionedProduct[] = [];
  for (const item of root.items) {
    const pos = yaml.posOf(item);
    if (isMap(item) && field(item, 'variants').key) {
      products.push(...readWithVariants(yaml, item, pos, issues));
      continue;
    }
    const product = readElement(yaml, item, pos, issues);
    const id = plain(field(item, 'id').value);
    if (typeof id === 'string' || typeof id === 'number') products.push({ id: String(id).trim(), pos, product });
  }
  return { products, issues };
}

function readElement(yaml: PositionedYaml, item: unknown, pos: SourcePos, issues: SourceIssue[]): Product | undefined {
  if (!isMap(item)) {
    issues.push({ pos, message: 'each catalog element must be an object' });
    return undefined;
  }
  const before = issues.length;
  unknownFields(yaml, item, knownFields, 'a product has', issues);
  const { take, value } = reader(yaml, item, pos, issues);
  const id = take(['id'], checkId(value(['id'])));
  const title = take(['title'], checkText(value(['title']), 'title', true));
  const description = take(['description'], checkText(value(['description']), 'description', false));
  const amount = take(['price', 'amount'], checkPrice(value(['price', 'amount'])));
  const currency = take(['price', 'currency'], checkCurrency(value(['price', 'currency'])));
  const stock = take(['stock'], checkStock(value(['stock'])));
  const imageUrl = take(['imageUrl'], checkImageUrl(value(['imageUrl'])));
  const tags = take(['tags'], checkStrings(value(['tags'])));
  const attributes = take(['attributes'], checkAttributes(value(['attributes'])));
  const sale = readSale(take, value, amount, currency);
  if (issues.length > before) return undefined;
  return {
    id: id!,
    title: title!,
    description: description!,
    price: { amount: amount!, currency: currency! },
    stock: stock!,
    ...(imageUrl ? { imageUrl } : {}),
    tags: normalizeTags(tags!),
    attributes: attributes!,
    ...sale,
  };
}

type Take = <T>(path: string[], checked: Checked<T>) => T | undefined;

/** Checks fields of one element, reporting each refusal at its node (or the nearest that exists). */
function reader(yaml: PositionedYaml, item: unknown, pos: SourcePos, issues: SourceIssue[]) {
  const take: Take = (path, checked) => {
    if (checked.ok) return checked.value;
    issues.push({ pos: yaml.posOf(nodeAt(item, path).nearest, pos), message: checked.message });
    return undefined;
  };
  const value = (path: string[]): unknown => plain(nodeAt(item, path).node);
  return { take, value };
}

/** compareAtPrice (amount; the price's currency) and continueSelling of a product or variant. */
function readSale(
  take: Take,
  value: (path: string[]) => unknown,
  amount: number | undefined,
  currency: string | undefined,
  defaults: Pick<Product, 'compareAtPrice' | 'continueSelling'> = {},
): Pick<Product, 'compareAtPrice' | 'continueSelling'> {
  const given = value(['compareAtPrice', 'amount']);
  const compareAt =
    given === undefined ? defaults.compareAtPrice?.amount : take(['compareAtPrice', 'amount'], checkPrice(given));
  const sale = take(['compareAtPrice'], checkCompareAt(compareAt, amount));
  const flag = value(['continueSelling']);
  const continueSelling =
    flag === undefined ? defaults.continueSelling : take(['continueSelling'], checkFlag(flag, 'continueSelling'));
  return {
    ...(sale !== undefined && currency ? { compareAtPrice: { amount: sale, currency } } : {}),
    ...(continueSelling ? { continueSelling } : {}),
  };
}

/**
 * A product with `variants`: each variant is a sellable product of its own (its id, option values,
 * stock, and price unless the product's applies), sharing the product's title, description, tags and
 * attributes, with the product's id as `parent`.
 */
function readWithVariants(
  yaml: PositionedYaml,
  item: unknown,
  pos: SourcePos,
  issues: SourceIssue[],
): PositionedProduct[] {
  const before = issues.length;
  unknownFields(yaml, item, withVariantsFields, 'a product with variants has', issues);
  const { take, value } = reader(yaml, item, pos, issues);
  const parent = take(['id'], checkId(value(['id'])));
  const title = take(['title'], checkText(value(['title']), 'title', true));
  const description = take(['description'], checkText(value(['description']), 'description', false));
  const imageUrl = take(['imageUrl'], checkImageUrl(value(['imageUrl'])));
  const tags = take(['tags'], checkStrings(value(['tags'])));
  const attributes = take(['attributes'], checkAttributes(value(['attributes'])));
  const names = take(['options'], checkOptionNames(value(['options'])));
  const givenAmount = value(['price', 'amount']);
  const givenCurrency = value(['price', 'currency']);
  const amount = givenAmount === undefined ? undefined : take(['price', 'amount'], checkPrice(givenAmount));
  const currency = givenCurrency === undefined ? undefined : take(['price', 'currency'], checkCurrency(givenCurrency));
  const defaults = readSale(take, value, amount, currency);
  const list = field(item, 'variants').value;
  if (!isSeq(list) || list.items.length === 0) {
    issues.push({
      pos: yaml.posOf(list ?? item, pos),
      message: 'variants must be a non-empty array, e.g. [ { "id": "tee-s", "options": { "size": "S" }, "stock": 3 } ]',
    });
    return [];
  }
  const shared = issues.length === before;
  return list.items.flatMap((node): PositionedProduct[] => {
    const at = yaml.posOf(node, pos);
    if (!isMap(node)) {
      issues.push({ pos: at, message: 'each variant must be an object' });
      return [];
    }
    const start = issues.length;
    unknownFields(yaml, node, variantFields, 'a variant has', issues);
    const variant = reader(yaml, node, at, issues);
    const id = variant.take(['id'], checkId(variant.value(['id'])));
    const options = variant.take(['options'], checkOptionValues(variant.value(['options']), names));
    const ownAmount = variant.value(['price', 'amount']);
    const ownCurrency = variant.value(['price', 'currency']);
    const unpriced = ownAmount === undefined && amount === undefined;
    if (unpriced)
      variant.take(['price'], {
        ok: false,
        message: 'no price: give the variant or its product a price, e.g. { "amount": 3900, "currency": "USD" }',
      });
    const price = ownAmount === undefined ? amount : variant.take(['price', 'amount'], checkPrice(ownAmount));
    const priceCurrency =
      ownCurrency !== undefined
        ? variant.take(['price', 'currency'], checkCurrency(ownCurrency))
        : (currency ??
          (unpriced
            ? undefined
            : variant.take<string>(['price', 'currency'], {
                ok: false,
                message: 'no currency: give the variant or its product a price with a currency',
              })));
    const stock = variant.take(['stock'], checkStock(variant.value(['stock'])));
    const ownImage = variant.take(['imageUrl'], checkImageUrl(variant.value(['imageUrl'])));
    const sale = readSale(variant.take, variant.value, price, priceCurrency, defaults);
    const idText = plain(field(node, 'id').value);
    const positioned = typeof idText === 'string' || typeof idText === 'number' ? String(idText).trim() : undefined;
    if (!positioned) return [];
    if (!shared || issues.length > start || id === undefined) return [{ id: positioned, pos: at }];
    const image = ownImage ?? imageUrl;
    return [
      {
        id: positioned,
        pos: at,
        product: {
          id,
          title: title!,
          description: description!,
          price: { amount: price!, currency: priceCurrency! },
          stock: stock!,
          ...(image ? { imageUrl: image } : {}),
          tags: normalizeTags(tags!),
          attributes: attributes!,
          parent: parent!,
          options: options!,
          ...sale,
        },
      },
    ];
  });
}

function unknownFields(
  yaml: PositionedYaml,
  item: unknown,
  known: readonly string[],
  what: string,
  issues: SourceIssue[],
) {
  for (const { name, key } of fields(item))
    if (!known.includes(name))
      issues.push({ pos: yaml.posOf(key), message: `unknown field "${name}"; ${what} ${known.join(', ')}` });
}

function checkOptionNames(value: unknown): Checked<string[] | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  if (Array.isArray(value) && value.length > 0 && value.every((name) => typeof name === 'string' && name.trim()))
    return { ok: true, value: value.map((name: string) => name.trim()) };
  return { ok: false, message: 'options must be the option names in order, e.g. ["size", "color"]' };
}

/** A variant's option values: text per option name, every name of the product's `options` and no other. */
function checkOptionValues(value: unknown, names: readonly string[] | undefined): Checked<Record<string, string>> {
  const example = 'e.g. { "size": "M", "color": "Black" }';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: `a variant needs its option values as options, ${example}` };
  const entries = Object.entries(value).map(
    ([name, text]) => [name.trim(), typeof text === 'number' ? String(text) : text] as const,
  );
  const bad = entries.find(([, text]) => typeof text !== 'string' || !text.trim());
  if (bad || entries.length === 0) return { ok: false, message: `option values must be text, ${example}` };
  if (names) {
    const missing = names.filter((name) => !entries.some(([given]) => given === name));
    const extra = entries.filter(([name]) => !names.includes(name)).map(([name]) => name);
    if (missing.length > 0 || extra.length > 0)
      return {
        ok: false,
        message: `the variant's options must be exactly the product's (${names.join(', ')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.join(', ')}` : ''}`,
      };
    const byName = new Map(entries);
    return { ok: true, value: Object.fromEntries(names.map((name) => [name, String(byName.get(name)).trim()])) };
  }
  return { ok: true, value: Object.fromEntries(entries.map(([name, text]) => [name, String(text).trim()])) };
}

/** The node at `path` (undefined when absent) and the nearest node that exists, for the position. */
function nodeAt(node: unknown, path: readonly string[]): { node: unknown; nearest: unknown } {
  let current = node;
  for (const key of path) {
    const next = field(current, key).value;
    if (!next) return { node: undefined, nearest: current };
    current = next;
  }
  return { node: current, nearest: current };
}

function checkText(value: unknown, name: string, required: boolean): Checked<Record<string, string>> {
  if (value === undefined && !required) return { ok: true, value: {} };
  const isText =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((text) => typeof text === 'string');
  const text = isText
    ? Object.fromEntries(Object.entries(value as Record<string, string>).filter(([, t]) => t.trim()))
    : {};
  if (!isText || (required && Object.keys(text).length === 0)) {
    return { ok: false, message: `${name} must be text per locale, e.g. { "ja": "緑茶", "en": "Green tea" }` };
  }
  return { ok: true, value: text };
}

function checkStrings(value: unknown): Checked<string[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string')) return { ok: true, value };
  return { ok: false, message: 'tags must be an array of strings, e.g. ["tea", "gift"]' };
}

function checkAttributes(value: unknown): Checked<Record<string, string>> {
  if (value === undefined) return { ok: true, value: {} };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)))
      return { ok: true, value: Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) };
  }
  return { ok: false, message: 'attributes must be an object of text values, e.g. { "origin": "Shizuoka" }' };
}
