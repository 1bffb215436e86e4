import type { Product, SourceIssue, SourcePos } from '../core/index.js';
import type { PositionedProduct } from './catalog-csv.js';
import {
  checkCurrency,
  checkId,
  checkImageUrl,
  checkPrice,
  checkStock,
  normalizeTags,
  type Checked,
} from './product-rules.js';
import { field, fields, isMap, isSeq, parseYamlWithPositions, plain, type PositionedYaml } from '../shop/yaml.js';

const knownFields = ['id', 'title', 'description', 'price', 'stock', 'imageUrl', 'tags', 'attributes'];

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
  for (const { name, key } of fields(item)) {
    if (!knownFields.includes(name))
      issues.push({
        pos: yaml.posOf(key),
        message: `unknown field "${name}"; a product has ${knownFields.join(', ')}`,
      });
  }
  const take = <T>(path: string[], checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    issues.push({ pos: yaml.posOf(nodeAt(item, path).nearest, pos), message: checked.message });
    return undefined;
  };
  const value = (path: string[]): unknown => plain(nodeAt(item, path).node);
  const id = take(['id'], checkId(value(['id'])));
  const title = take(['title'], checkText(value(['title']), 'title', true));
  const description = take(['description'], checkText(value(['description']), 'description', false));
  const amount = take(['price', 'amount'], checkPrice(value(['price', 'amount'])));
  const currency = take(['price', 'currency'], checkCurrency(value(['price', 'currency'])));
  const stock = take(['stock'], checkStock(value(['stock'])));
  const imageUrl = take(['imageUrl'], checkImageUrl(value(['imageUrl'])));
  const tags = take(['tags'], checkStrings(value(['tags'])));
  const attributes = take(['attributes'], checkAttributes(value(['attributes'])));
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
  };
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
