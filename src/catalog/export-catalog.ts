import { optionNames, productKey, sortVariants, type Product } from '../core/index.js';

/**
 * The catalog as a file for the shop folder (`kaiwa catalog export`), in Kaiwa's CSV columns or its JSON
 * shape (docs/catalog.md). Deterministic, so a catalog kept in git changes only where the products do:
 * products in id order, locale and attribute columns in name order, LF line ends, a field quoted only
 * when it must be. Reading the file gives the same products, and writing those again the same bytes.
 */
export function catalogToCsv(products: readonly Product[]): string {
  const sorted = inFileOrder(products).flatMap((group) => group.rows);
  const locales = (field: 'title' | 'description') =>
    [...new Set(sorted.flatMap((product) => Object.keys(product[field])))].sort();
  const titles = locales('title');
  const descriptions = locales('description');
  const attributes = [...new Set(sorted.flatMap((product) => Object.keys(product.attributes)))].sort();
  // Variant columns only when some product has them: a catalog without variants keeps today's columns.
  const options = optionNames(sorted);
  const anyParent = sorted.some((product) => product.parent !== undefined);
  const anySale = sorted.some((product) => product.compareAtPrice !== undefined);
  const anyContinue = sorted.some((product) => product.continueSelling);
  const header = [
    'id',
    ...(anyParent ? ['parent'] : []),
    ...titles.map((locale) => `title_${locale}`),
    ...descriptions.map((locale) => `description_${locale}`),
    ...options.map((name) => `option_${name}`),
    'price',
    ...(anySale ? ['compare_at_price'] : []),
    'currency',
    'stock',
    ...(anyContinue ? ['continue_selling'] : []),
    'image_url',
    'tags',
    ...attributes.map((name) => `attr_${name}`),
  ];
  const rows = sorted.map((product) => [
    product.id,
    ...(anyParent ? [product.parent ?? ''] : []),
    ...titles.map((locale) => product.title[locale] ?? ''),
    ...descriptions.map((locale) => product.description[locale] ?? ''),
    ...options.map((name) => product.options?.[name] ?? ''),
    String(product.price.amount),
    ...(anySale ? [product.compareAtPrice ? String(product.compareAtPrice.amount) : ''] : []),
    product.price.currency,
    String(product.stock),
    ...(anyContinue ? [product.continueSelling ? 'yes' : ''] : []),
    product.imageUrl ?? '',
    product.tags.join('|'),
    ...attributes.map((name) => product.attributes[name] ?? ''),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/**
 * The JSON catalog: an array, keys in a fixed order; a product with variants as one element with
 * `options` (names in order) and `variants`, sharing the first variant's title, description, tags,
 * attributes and image (a variant names its image only when it differs).
 */
export function catalogToJson(products: readonly Product[]): string {
  const entries = inFileOrder(products).map(({ key, rows }) => {
    const first = rows[0]!;
    if (first.parent === undefined) return { id: first.id, ...shared(first), ...priced(first) };
    return {
      id: key,
      ...shared(first),
      options: optionNames(rows),
      variants: rows.map((variant) => ({
        id: variant.id,
        options: variant.options ?? {},
        ...priced(variant),
        ...(variant.imageUrl && variant.imageUrl !== first.imageUrl ? { imageUrl: variant.imageUrl } : {}),
      })),
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

const shared = (product: Product) => ({
  title: sortedKeys(product.title),
  description: sortedKeys(product.description),
  ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
  tags: product.tags,
  attributes: sortedKeys(product.attributes),
});

const priced = (product: Product) => ({
  price: { amount: product.price.amount, currency: product.price.currency },
  ...(product.compareAtPrice
    ? { compareAtPrice: { amount: product.compareAtPrice.amount, currency: product.compareAtPrice.currency } }
    : {}),
  stock: product.stock,
  ...(product.continueSelling ? { continueSelling: true } : {}),
});

/** Products grouped as shoppers see them (a parent's variants together, in option order), groups by key. */
function inFileOrder(products: readonly Product[]): { key: string; rows: Product[] }[] {
  const groups = new Map<string, Product[]>();
  for (const product of products) {
    const key = productKey(product);
    groups.set(key, [...(groups.get(key) ?? []), product]);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, rows]) => ({ key, rows: rows[0]!.parent === undefined ? rows : sortVariants(rows) }));
}

const sortedKeys = (record: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** RFC 4180: quoted (quotes doubled) when it holds a comma, quote or line break, or starts or ends with a space. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
