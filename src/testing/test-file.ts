import { z } from 'zod';
import { channelNamePattern, SourceValidationError, type SourceIssue } from '../core/index.js';
import { parseYamlWithPositions } from '../shop/yaml.js';

const expectation = z
  .object({
    text: z.array(z.string()).optional().describe('each must appear in a reply'),
    notText: z.array(z.string()).optional().describe('none may appear in any reply'),
    buttons: z.array(z.string()).optional().describe('button labels that must be offered'),
    products: z.array(z.string()).optional().describe('product ids that must be shown'),
    paymentLink: z.boolean().optional(),
    order: z.string().optional().describe('status of the conversation’s latest order, e.g. paid'),
    state: z.string().optional().describe('top-level flow state after the step'),
  })
  .strict();

const step = z
  .object({
    say: z.string().optional(),
    press: z.union([z.string(), z.object({ label: z.string(), product: z.string().optional() }).strict()]).optional(),
    pay: z.literal(true).optional(),
    expect: expectation.optional(),
  })
  .strict()
  .refine(
    (value) => [value.say, value.press, value.pay].filter((item) => item !== undefined).length === 1,
    'each step needs exactly one of say, press or pay',
  );

export const conversationTestSchema = z
  .object({
    name: z.string(),
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

/** Parses one tests/*.yaml file; problems come back as file:line:col. */
export function parseConversationTest(file: string, source: string): ConversationTest {
  const yaml = parseYamlWithPositions(file, source);
  if (yaml.issues.length > 0) throw new SourceValidationError(yaml.issues, 'config_invalid');
  const result = conversationTestSchema.safeParse(yaml.value);
  if (!result.success) {
    const issues: SourceIssue[] = result.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      return { pos: yaml.pos(path), message: `${path.join('.') || 'test'}: ${issue.message}` };
    });
    throw new SourceValidationError(issues, 'config_invalid');
  }
  return { ...result.data, file, stepLines: result.data.steps.map((_, index) => yaml.pos(['steps', index]).line) };
}
