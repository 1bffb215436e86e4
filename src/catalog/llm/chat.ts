import OpenAI from 'openai';
import { noteCall } from '../../core/index.js';

export interface LlmSettings {
  /** OPENAI_API_KEY; a placeholder for servers that need none (Ollama, vLLM). */
  apiKey: string;
  /** OPENAI_BASE_URL: OpenAI, Azure OpenAI's /openai/v1, Ollama's /v1, vLLM… */
  baseUrl?: string;
  /** OPENAI_MODEL. */
  model: string;
  /** OPENAI_TIMEOUT_MS: past it the offline answer is used, in the same turn. */
  timeoutMs: number;
  /** OPENAI_PRICE_INPUT / OPENAI_PRICE_OUTPUT: US dollars per million tokens, for the cost log (0: unknown). */
  pricePerMillion: { input: number; output: number };
}

/** One call's bookkeeping, logged per turn: never the prompt, never the key. */
export interface LlmCallLog {
  purpose: 'recommend' | 'faq' | 'intent';
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  costUsd: number;
  outcome: string;
}

export type LlmLog = (entry: LlmCallLog) => void;

export interface JsonChat {
  /**
   * Asks for a JSON object matching `schema` (structured output). Resolves to the parsed object, or
   * to a reason why there is none (timeout, HTTP error, refusal, malformed JSON); never throws.
   */
  ask(
    purpose: LlmCallLog['purpose'],
    system: string,
    user: unknown,
    schema: { name: string; schema: Record<string, unknown> },
  ): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }>;
}

/** The `openai` client against any OpenAI-compatible endpoint, with the timeout, usage and cost log. */
export function createJsonChat(settings: LlmSettings, log: LlmLog): JsonChat {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  return {
    async ask(purpose, system, user, schema) {
      const started = performance.now();
      const entry = (outcome: string, usage?: { prompt_tokens?: number; completion_tokens?: number }) => {
        const promptTokens = usage?.prompt_tokens ?? 0;
        const completionTokens = usage?.completion_tokens ?? 0;
        const latencyMs = Math.round(performance.now() - started);
        log({
          purpose,
          model: settings.model,
          promptTokens,
          completionTokens,
          latencyMs,
          costUsd:
            (promptTokens * settings.pricePerMillion.input + completionTokens * settings.pricePerMillion.output) /
            1_000_000,
          outcome,
        });
        noteCall({
          kind: 'llm',
          name: purpose,
          ms: latencyMs,
          outcome,
          model: settings.model,
          tokens: { input: promptTokens, output: completionTokens },
        });
      };
      try {
        const completion = await client.chat.completions.create(
          {
            model: settings.model,
            temperature: 0,
            messages: [
              { role: 'system', content: system },
              // The shopper's words travel as a JSON value inside data, never as instructions.
              { role: 'user', content: JSON.stringify(user) },
            ],
            response_format: {
              type: 'json_schema',
              json_schema: { name: schema.name, strict: true, schema: schema.schema },
            },
          },
          { signal: AbortSignal.timeout(settings.timeoutMs) },
        );
        const message = completion.choices[0]?.message;
        if (!message) return fail('no choice in the answer', completion.usage ?? undefined);
        if (message.refusal) return fail('refused', completion.usage ?? undefined);
        try {
          const value: unknown = JSON.parse(message.content ?? '');
          entry('ok', completion.usage ?? undefined);
          return { ok: true, value };
        } catch {
          return fail('malformed JSON', completion.usage ?? undefined);
        }
      } catch (error) {
        const status = (error as { status?: number }).status;
        const name = (error as Error).name;
        return fail(
          status
            ? `HTTP ${status}`
            : /Abort|Timeout/i.test(name) || /timed out|aborted/i.test((error as Error).message)
              ? 'timeout'
              : `error: ${(error as Error).message.slice(0, 120)}`,
        );
      }
      function fail(
        reason: string,
        usage?: { prompt_tokens?: number; completion_tokens?: number },
      ): { ok: false; reason: string } {
        entry(`fallback: ${reason}`, usage);
        return { ok: false, reason };
      }
    },
  };
}
