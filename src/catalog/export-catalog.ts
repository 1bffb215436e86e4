import type { Product } from '../core/index.js';

/**
 * The catalog as a file for the shop folder (`kaiwa catalog export`), in Kaiwa's CSV columns or its JSON
 * shape (docs/catalog.md). Deterministic, so a catalog kept in git changes only where the products do:
 * products in id order, locale and attribute columns in name order, LF line ends, a field quoted only
 * when it must be. Reading the file gives the same products, and writing those again the same bytes.
 */
export function catalogToCsv(products: readonly Product[]): string {
  const sorted = byId(products);
  const locales = (field: 'title' | 'description') =>
    [...new Set(sorted.flatMap((product) => Object.keys(product[field])))].sort();
  const titles = locales('title');
  const descriptions = locales('description');
  const attributes = [...new Set(sorted.flatMap((product) => Object.keys(product.attributes)))].sort();
  const header = [
    'id',
    ...titles.map((locale) => `title_${locale}`),
    ...descriptions.map((locale) => `description_${locale}`),
    'price',
    'currency',
    'stock',
    'image_url',
    'tags',
    ...attributes.map((name) => `attr_${name}`),
  ];
  const rows = sorted.map((product) => [
    product.id,
    ...titles.map((locale) => product.title[locale] ?? ''),
    ...descriptions.map((locale) => product.description[locale] ?? ''),
    String(product.price.amount),
    product.price.currency,
    String(product.stock),
    product.imageUrl ?? '',
    product.tags.join('|'),
    ...attributes.map((name) => product.attributes[name] ?? ''),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** The JSON catalog: an array of products, keys in a fixed order. */
export function catalogToJson(products: readonly Product[]): string {
  const entries = byId(products).map((product) => ({
    id: product.id,
    title: sortedKeys(product.title),
    description: sortedKeys(product.description),
    price: { amount: product.price.amount, currency: product.price.currency },
    stock: product.stock,
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    tags: product.tags,
    attributes: sortedKeys(product.attributes),
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

const byId = (products: readonly Product[]) => [...products].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const sortedKeys = (record: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** RFC 4180: quoted (quotes doubled) when it holds a comma, quote or line break, or starts or ends with a space. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
