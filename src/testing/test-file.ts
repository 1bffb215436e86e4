import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { channelNamePattern, SourceValidationError, type SourceIssue } from '../core/index.js';
import { didYouMean } from '../flows/suggest.js';
import { parseYamlWithPositions, type PositionedYaml } from '../shop/yaml.js';

/**
 * The conversation-test format, docs/testing.md: one scripted conversation per tests/*.yaml file.
 * This schema is the single source of both the parser's checks and the JSON Schema editors use
 * (`kaiwa schema --tests`, docs/test.schema.json).
 */
const card = z
  .object({
    id: z.string().describe('a product id from the catalog'),
    price: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'the price the card must show, in minor units of the currency (JPY 1200 is ¥1,200, USD 1200 is $12.00)',
      ),
  })
  .strict();

const expectation = z
  .object({
    text: z.array(z.string()).optional().describe('each must appear in a reply'),
    notText: z.array(z.string()).optional().describe('none may appear in any reply'),
    buttons: z.array(z.string()).optional().describe('button labels that must be offered'),
    products: z.array(z.string()).optional().describe('product ids that must be shown'),
    cards: z
      .array(card)
      .optional()
      .describe('product cards that must be shown, each with the price it must show when `price` is given'),
    noProducts: z
      .literal(true, { error: 'write noProducts: true, or leave it out' })
      .optional()
      .describe('no product card is shown'),
    paymentLink: z.boolean().optional().describe('true: a payment link is sent; false: none is'),
    handoff: z.boolean().optional().describe('true: the conversation is handed to a person; false: it is not'),
    order: z.string().optional().describe('status of the conversation’s latest order, e.g. paid'),
    state: z.string().optional().describe('top-level flow state after the step'),
  })
  .strict()
  .refine((value) => !(value.noProducts && (value.products?.length || value.cards?.length)), {
    message: 'noProducts cannot be combined with products or cards',
    path: ['noProducts'],
  });

const press = z
  .union([
    z.string().describe('the label of a button shown by the previous step'),
    z
      .object({
        label: z.string().describe('the button label'),
        product: z.string().optional().describe('the product id of the card the button is on'),
      })
      .strict(),
  ])
  .describe('press a button shown by the previous step: its label, or { label, product } for a card’s button');

const step = z
  .object({
    say: z.string().optional().describe('the shopper types this text'),
    press: press.optional(),
    pay: z
      .literal(true, { error: 'write pay: true' })
      .optional()
      .describe('pay the last payment link on the demo checkout'),
    expect: expectation.optional().describe('what the replies to this step must show'),
  })
  .strict()
  .refine(
    (value) => [value.say, value.press, value.pay].filter((item) => item !== undefined).length === 1,
    'each step needs exactly one of say, press or pay',
  );

export const conversationTestSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().describe('what the conversation shows; printed by `kaiwa test`'),
    channel: z
      .string()
      .regex(channelNamePattern, 'a channel name such as line')
      .optional()
      .describe('show the replies as this channel would (a channel the simulator previews)'),
    steps: z.array(step).min(1),
  })
  .strict();

export type ConversationTest = z.infer<typeof conversationTestSchema> & { file: string; stepLines: number[] };
export type TestStep = ConversationTest['steps'][number];
export type TestExpectation = NonNullable<TestStep['expect']>;

export interface ParseTestOptions {
  /** The catalog's product ids and keys of products with variants: every id the test names (products, cards, press.product) must be one. */
  productIds?: ReadonlySet<string>;
  /** The channels the simulator previews: `channel` must be one. */
  channels?: ReadonlySet<string>;
}

/** Parses one tests/*.yaml file; problems come back as file:line:col (a SourceValidationError). */
export function parseConversationTest(file: string, source: string, options: ParseTestOptions = {}): ConversationTest {
  const yaml = parseYamlWithPositions(file, source);
  if (yaml.issues.length > 0) throw new SourceValidationError(yaml.issues, 'config_invalid');
  if (yaml.value === undefined || yaml.value === null)
    throw new SourceValidationError(
      [{ pos: { file, line: 1, column: 1 }, message: 'the test file is empty; it needs a name and steps' }],
      'config_invalid',
    );
  const result = conversationTestSchema.safeParse(yaml.value);
  if (!result.success)
    throw new SourceValidationError(
      result.error.issues.map((issue) => toIssue(issue, yaml)),
      'config_invalid',
    );
  const unknown = options.productIds ? unknownProducts(result.data, options.productIds, yaml) : [];
  const channel = result.data.channel;
  if (channel !== undefined && options.channels && !options.channels.has(channel))
    unknown.unshift({
      pos: yaml.pos(['channel']),
      message: `channel: "${channel}" is not a channel the simulator previews${
        didYouMean(channel, options.channels) || `; one of ${[...options.channels].sort().join(', ')}`
      }`,
    });
  if (unknown.length > 0) throw new SourceValidationError(unknown, 'config_invalid');
  return { ...result.data, file, stepLines: result.data.steps.map((_, index) => yaml.pos(['steps', index]).line) };
}

/** JSON Schema (draft 2020-12) for editors: `# yaml-language-server: $schema=…`. */
export function testJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(conversationTestSchema, {
      target: 'draft-2020-12',
      // The "exactly one of say, press or pay" refinement, which JSON Schema says with oneOf.
      override: ({ zodSchema, jsonSchema }) => {
        if (zodSchema === step) jsonSchema.oneOf = ['say', 'press', 'pay'].map((key) => ({ required: [key] }));
      },
    }),
    $id: 'https://kaiwa.dev/schema/test.json',
    title: 'Kaiwa conversation test',
  };
}

const fieldsAt = (path: readonly (string | number)[]): string[] => {
  const shape = (schema: { shape: object }) => Object.keys(schema.shape).filter((key) => key !== '$schema');
  const [first, , third, fourth] = path;
  if (path.length === 0) return shape(conversationTestSchema);
  if (first !== 'steps') return [];
  if (path.length === 2) return shape(step);
  if (path.length === 3 && third === 'expect') return shape(expectation);
  if (path.length === 3 && third === 'press') return ['label', 'product'];
  if (path.length === 5 && third === 'expect' && fourth === 'cards') return shape(card);
  return [];
};

function toIssue(issue: z.core.$ZodIssue, yaml: PositionedYaml): SourceIssue {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = fieldsAt(path);
    const hint = didYouMean(key, known) || (known.length > 0 ? `; the fields here are ${known.join(', ')}` : '');
    return { pos: yaml.pos([...path, key], { key: true }), message: `${where}unknown field "${key}"${hint}` };
  }
  if (issue.code === 'invalid_union' && path.at(-1) === 'press')
    return { pos: yaml.pos(path), message: `${where}expected a button label, or { label, product }` };
  if (issue.code === 'invalid_type' && valueAt(yaml.value, path) === undefined)
    return { pos: yaml.pos(path), message: `${where}missing; it is required` };
  return { pos: yaml.pos(path), message: `${where}${issue.message}` };
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path)
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[part] : undefined;
  return current;
}

function unknownProducts(test: z.infer<typeof conversationTestSchema>, ids: ReadonlySet<string>, yaml: PositionedYaml) {
  const named: { id: string; path: (string | number)[] }[] = [];
  for (const [index, step] of test.steps.entries()) {
    if (typeof step.press === 'object' && step.press.product !== undefined)
      named.push({ id: step.press.product, path: ['steps', index, 'press', 'product'] });
    for (const [at, id] of (step.expect?.products ?? []).entries())
      named.push({ id, path: ['steps', index, 'expect', 'products', at] });
    for (const [at, { id }] of (step.expect?.cards ?? []).entries())
      named.push({ id, path: ['steps', index, 'expect', 'cards', at, 'id'] });
  }
  return named
    .filter(({ id }) => !ids.has(id))
    .map(({ id, path }): SourceIssue => ({
      pos: yaml.pos(path),
      message: `${path.join('.')}: unknown product id "${id}"${didYouMean(id, ids) || '; it is not in the catalog'}`,
    }));
}

/** One tests/*.yaml of a shop folder: its file name, its path as messages show it, and its text. */
export interface TestFile {
  name: string;
  file: string;
  read(): Promise<string>;
}

/** The conversation tests in `testsDir` (kaiwa.yaml's `tests`, in the shop folder), in name order; none if it is missing. */
export async function listTestFiles(testsDir: string): Promise<TestFile[]> {
  const names = (await readdir(testsDir).catch(() => [] as string[])).filter((name) => /\.ya?ml$/.test(name)).sort();
  return names.map((name) => ({
    name,
    file: relative(process.cwd(), join(testsDir, name)) || name,
    read: () => readFile(join(testsDir, name), 'utf8'),
  }));
}
