import type * as LlmModule from '../catalog/llm/index.js';
import type { JsonChat, LlmSettings, SemanticIndex } from '../catalog/llm/index.js';
import type { Env } from '../config/schema.js';
import { ConfigError } from '../core/index.js';
import type { Log } from './log.js';

/** LLM mode (docs/catalog.md): the model-backed parts, when a key or an endpoint is set. */
export interface LlmParts {
  module: typeof LlmModule;
  chat: JsonChat;
  classifyIntent: ReturnType<typeof LlmModule.createLlmIntentClassifier>;
  /** Catalog embeddings (OPENAI_EMBEDDING_MODEL), when configured. */
  semantic?: SemanticIndex;
}

/** Loads the LLM code only when configured: a shop without it starts faster. Undefined: offline mode. */
export async function llmFromEnv(env: Env, log: Log): Promise<LlmParts | undefined> {
  const settings = llmSettings(env);
  if (env.OPENAI_EMBEDDING_MODEL && !settings)
    throw new ConfigError(
      'OPENAI_EMBEDDING_MODEL needs LLM mode: set OPENAI_API_KEY or OPENAI_BASE_URL (and OPENAI_MODEL) too',
    );
  if (!settings) return undefined;
  const module = await import('../catalog/llm/index.js');
  const chat = module.createJsonChat(settings, (entry) => log('llm call', { ...entry }));
  const semantic = env.OPENAI_EMBEDDING_MODEL
    ? module.createSemanticIndex(
        settings,
        {
          model: env.OPENAI_EMBEDDING_MODEL,
          ...(env.OPENAI_EMBEDDING_DIMENSIONS ? { dimensions: env.OPENAI_EMBEDDING_DIMENSIONS } : {}),
        },
        log,
      )
    : undefined;
  return { module, chat, classifyIntent: module.createLlmIntentClassifier(chat), ...(semantic ? { semantic } : {}) };
}

/** LLM mode's settings, or undefined when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. */
function llmSettings(env: Env): LlmSettings | undefined {
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return undefined;
  if (!env.OPENAI_MODEL)
    throw new ConfigError(
      'LLM mode (OPENAI_API_KEY or OPENAI_BASE_URL set) needs OPENAI_MODEL too, e.g. gpt-4o-mini or llama3.1 (see .env.example)',
    );
  return {
    // Ollama and vLLM need no key, but the client wants one.
    apiKey: env.OPENAI_API_KEY ?? 'not-needed',
    ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}),
    model: env.OPENAI_MODEL,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
    pricePerMillion: { input: env.OPENAI_PRICE_INPUT, output: env.OPENAI_PRICE_OUTPUT },
  };
}
