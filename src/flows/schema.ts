import { z } from 'zod';

/**
 * The flow-file format, docs/flows.md. This schema is the single source of both the loader's
 * checks and the JSON Schema editors use (`kaiwa schema`).
 */
const text = z
  .union([z.string(), z.record(z.string(), z.string())])
  .describe('Text, or text per locale: { ja: …, en: … }');
const texts = z.union([text, z.array(text)]);

const choice = z
  .object({
    label: text,
    goto: z.string().optional().describe('State to go to when pressed'),
    do: z.string().optional().describe('Action to run when pressed, e.g. recommend, showCart, checkout'),
    arg: z.string().optional().describe('Argument for the action, e.g. a product id'),
    intent: z.string().optional().describe('Intent to raise when pressed, as if the shopper had typed it'),
  })
  .strict();

const transitionTarget = z.object({ target: z.string(), guard: z.string().optional() }).strict();
const transition = z.union([z.string(), transitionTarget, z.array(transitionTarget)]);

const state = z
  .object({
    description: z.string().optional(),
    do: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Actions run on entry, in order, before `say`'),
    with: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Arguments for the actions'),
    say: texts.optional().describe('Messages sent on entry, after the actions'),
    choices: z.array(choice).optional().describe('Buttons under the last message'),
    on: z.record(z.string(), transition).optional().describe('Event or intent → state, in this state only'),
    next: z.string().optional().describe('State to go to right after entry'),
    onError: z.string().optional().describe('State to go to when an action fails'),
  })
  .strict();

const intent = z
  .object({
    description: z.string().optional(),
    keywords: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Words per locale; a message containing one raises the intent'),
    patterns: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Regular expressions per locale (case-insensitive)'),
  })
  .strict();

export const flowFileSchema = z
  .object({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(/^[A-Za-z][\w-]*$/)
      .optional()
      .describe('The flow id; one file declares it'),
    initial: z.string().optional().describe('The state a new conversation starts in; one file declares it'),
    intents: z.record(z.string(), intent).optional(),
    on: z.record(z.string(), transition).optional().describe('Event or intent → state, from every state'),
    states: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), state).optional(),
    fallback: z.object({ say: texts }).strict().optional().describe('What to say when nothing matched'),
  })
  .strict();

export type FlowFile = z.infer<typeof flowFileSchema>;
export type FlowFileState = z.infer<typeof state>;
export type FlowFileChoice = z.infer<typeof choice>;
export type FlowFileTransition = z.infer<typeof transition>;

/** JSON Schema (draft 2020-12) for editors: `# yaml-language-server: $schema=…`. */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flowFileSchema, { target: 'draft-2020-12' }),
    $id: 'https://kaiwa.dev/schema/flow.json',
    title: 'Kaiwa flow file',
  };
}
