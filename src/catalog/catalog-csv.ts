import { parse } from 'csv-parse/sync';
import type { Product, SourceIssue, SourcePos } from '../core/index.js';
import {
  checkCurrency,
  checkId,
  checkImageUrl,
  checkCompareAt,
  checkCsvPrice,
  checkFlag,
  checkStock,
  normalizeTags,
  type Checked,
} from './product-rules.js';

/**
 * A row or element read from a file: its id and where it starts (for duplicate-id messages, which
 * are reported even for rows with other errors) and the product when the row is valid.
 */
export interface PositionedProduct {
  id: string;
  pos: SourcePos;
  product?: Product;
}

interface Columns {
  index: Map<string, number>;
  titles: string[];
  descriptions: string[];
  attributes: string[];
  options: string[];
}

const required = ['id', 'price', 'currency', 'stock'];
const known =
  /^(?:id|price|currency|stock|image_url|tags|parent|compare_at_price|continue_selling|(?:title|description)_[a-z]{2,3}(?:-[a-z0-9]+)*|attr_.+|option_.+)$/i;

/**
 * Parses catalog CSV (format in docs/catalog.md). Every row is checked and every problem reported
 * with the line the row starts on, so a merchant fixes the whole file in one pass.
 */
export function parseCatalogCsv(
  file: string,
  source: string,
): { products: PositionedProduct[]; issues: SourceIssue[] } {
  const issues: SourceIssue[] = [];
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    // One line ending everywhere, so line counts and multi-line descriptions agree.
    records = parse(source.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      products: [],
      issues: [{ pos: { file, line, column: 1 }, message: `not valid CSV: ${(error as Error).message}` }],
    };
  }
  const [header, ...rows] = records;
  if (!header)
    return {
      products: [],
      issues: [
        { pos: { file, line: 1, column: 1 }, message: 'the catalog is empty; the first line must be the header' },
      ],
    };
  const columns = readHeader(file, header.record, issues);
  if (!columns) return { products: [], issues };
  const products: PositionedProduct[] = [];
  // A variant row may leave its product's fields empty: they come from the product's first row.
  const firstOf = new Map<string, Product>();
  for (const row of rows) {
    const starts = fieldStarts(
      row.raw.replace(/^\n+/, ''),
      row.info.lines - row.record.join('').split('\n').length + 1,
    );
    const at = (column: string): SourcePos => ({ file, ...(starts[columns.index.get(column) ?? 0] ?? starts[0]!) });
    const parent = row.record[columns.index.get('parent') ?? -1]?.trim();
    const product = readRow(row.record, columns, at, header.record.length, issues, parent && firstOf.get(parent));
    if (parent && product && !firstOf.has(parent)) firstOf.set(parent, product);
    const id = row.record[columns.index.get('id')!]?.trim();
    if (id) products.push({ id, pos: at('id'), product });
  }
  return { products, issues };
}

function readHeader(file: string, header: string[], issues: SourceIssue[]): Columns | undefined {
  const names = header.map((name) => name.trim().toLowerCase());
  const starts = fieldStarts(header.join(','), 1);
  const columns: Columns = { index: new Map(), titles: [], descriptions: [], attributes: [], options: [] };
  names.forEach((name, i) => {
    const pos = { file, ...starts[i]! };
    if (columns.index.has(name)) issues.push({ pos, message: `column "${name}" appears twice` });
    else if (!known.test(name))
      issues.push({
        pos,
        message: `unknown column "${name}"; use id, title_<locale>, description_<locale>, price, currency, stock, image_url, tags, attr_<name>, parent, option_<name>, compare_at_price or continue_selling`,
      });
    columns.index.set(name, i);
    if (name.startsWith('title_')) columns.titles.push(name);
    if (name.startsWith('description_')) columns.descriptions.push(name);
    if (name.startsWith('attr_')) columns.attributes.push(name);
    if (name.startsWith('option_')) columns.options.push(name);
  });
  const missing = required.filter((name) => !columns.index.has(name));
  if (columns.titles.length === 0) missing.push('title_<locale> (e.g. title_ja)');
  if (missing.length > 0)
    issues.push({ pos: { file, line: 1, column: 1 }, message: `the header lacks ${missing.join(', ')}` });
  return issues.length > 0 ? undefined : columns;
}

function readRow(
  record: string[],
  columns: Columns,
  at: (column: string) => SourcePos,
  width: number,
  issues: SourceIssue[],
  first: Product | '' | undefined,
): Product | undefined {
  const cell = (name: string): string => record[columns.index.get(name) ?? -1]?.trim() ?? '';
  if (first) return readVariantRow(record, columns, at, width, issues, first, cell);
  const before = issues.length;
  if (record.length !== width)
    issues.push({
      pos: at('id'),
      message: `row has ${record.length} fields but the header has ${width}; check for a missing or extra comma`,
    });
  const take = <T>(column: string, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    issues.push({ pos: at(column), message: checked.message });
    return undefined;
  };
  const id = take('id', checkId(cell('id')));
  const title = localized(columns.titles, 'title_', cell);
  if (Object.keys(title).length === 0)
    issues.push({
      pos: at(columns.titles[0]!),
      message: `no title; fill at least one of ${columns.titles.join(', ')}`,
    });
  const currency = take('currency', checkCurrency(cell('currency')));
  const amount = take('price', checkCsvPrice(cell('price'), currency));
  const stock = take('stock', checkStock(cell('stock')));
  const imageUrl = take('image_url', checkImageUrl(cell('image_url')));
  const variant = readVariantFields(columns, cell, take, amount, currency);
  if (
    issues.length > before ||
    id === undefined ||
    amount === undefined ||
    currency === undefined ||
    stock === undefined ||
    !variant
  )
    return undefined;
  const attributes: Record<string, string> = {};
  for (const column of columns.attributes) if (cell(column)) attributes[column.slice('attr_'.length)] = cell(column);
  return {
    id,
    title,
    description: localized(columns.descriptions, 'description_', cell),
    price: { amount, currency },
    stock,
    ...(imageUrl ? { imageUrl } : {}),
    tags: normalizeTags(cell('tags').split('|')),
    attributes,
    ...variant,
  };
}

type Take = <T>(column: string, checked: Checked<T>) => T | undefined;

/** parent, option_<name>, compare_at_price, continue_selling: undefined when one is refused (reported). */
function readVariantFields(
  columns: Columns,
  cell: (name: string) => string,
  take: Take,
  amount: number | undefined,
  currency: string | undefined,
): Pick<Product, 'parent' | 'options' | 'compareAtPrice' | 'continueSelling'> | undefined {
  const compareText = cell('compare_at_price');
  const compareAt = compareText ? take('compare_at_price', checkCsvPrice(compareText, currency)) : undefined;
  const sale = take('compare_at_price', checkCompareAt(compareAt, amount));
  const continueSelling = take('continue_selling', checkFlag(cell('continue_selling'), 'continue_selling'));
  if (
    (compareText && compareAt === undefined) ||
    (compareAt !== undefined && sale === undefined) ||
    continueSelling === undefined
  )
    return undefined;
  const options: Record<string, string> = {};
  for (const column of columns.options) if (cell(column)) options[column.slice('option_'.length)] = cell(column);
  return {
    ...(cell('parent') ? { parent: cell('parent') } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(sale !== undefined && currency ? { compareAtPrice: { amount: sale, currency } } : {}),
    ...(continueSelling ? { continueSelling } : {}),
  };
}

/**
 * A row of a product whose first row came earlier: its own id, price, stock and options; title,
 * description, image, tags and attributes from the first row where its cells are empty.
 */
function readVariantRow(
  record: string[],
  columns: Columns,
  at: (column: string) => SourcePos,
  width: number,
  issues: SourceIssue[],
  first: Product,
  cell: (name: string) => string,
): Product | undefined {
  const merged = (name: string) => {
    if (cell(name) !== '') return cell(name);
    if (name.startsWith('title_')) return first.title[name.slice('title_'.length)] ?? '';
    if (name.startsWith('description_')) return first.description[name.slice('description_'.length)] ?? '';
    if (name.startsWith('attr_')) return first.attributes[name.slice('attr_'.length)] ?? '';
    if (name === 'image_url') return first.imageUrl ?? '';
    if (name === 'tags') return first.tags.join('|');
    return '';
  };
  const names = new Map([...columns.index].map(([name, index]) => [index, name]));
  return readRow(
    record.map((_value, index) => merged(names.get(index) ?? '')),
    columns,
    at,
    width,
    issues,
    undefined,
  );
}

function localized(columns: readonly string[], prefix: string, cell: (name: string) => string): Record<string, string> {
  const text: Record<string, string> = {};
  for (const column of columns) if (cell(column)) text[column.slice(prefix.length)] = cell(column);
  return text;
}

/** Line and column where each field of one record starts; quoted fields may span lines. */
export function fieldStarts(raw: string, firstLine: number): { line: number; column: number }[] {
  const starts = [{ line: firstLine, column: 1 }];
  let line = firstLine;
  let column = 1;
  let quoted = false;
  for (const char of raw) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n') {
      if (!quoted) break;
      line++;
      column = 0;
    } else if (char === ',' && !quoted) starts.push({ line, column: column + 1 });
    column++;
  }
  return starts;
}
