import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { noteCall, pickText, type Product } from '../../core/index.js';
import type { LlmSettings } from './chat.js';

export interface EmbeddingSettings {
  /** OPENAI_EMBEDDING_MODEL, e.g. text-embedding-3-small or nomic-embed-text (Ollama). */
  model: string;
  /** OPENAI_EMBEDDING_DIMENSIONS: shorter vectors where the model supports it (text-embedding-3-*); unset: the model's own. */
  dimensions?: number;
}

/** Products nearest to a shopper's words by meaning, with cosine similarity; [] until built or on any failure. */
export interface SemanticIndex {
  nearest(text: string, limit: number): Promise<{ id: string; score: number }[]>;
  /** Embeds the catalog (only texts not embedded before); resolves when done. Failures leave the last index. */
  build(products: readonly Product[]): Promise<void>;
  readonly size: number;
}

const batchSize = 128;

/** What a product is about, in every locale it has: titles, tags, the start of its descriptions. */
function productText(product: Product): string {
  const locales = Object.keys(typeof product.title === 'string' ? {} : product.title);
  const titles = locales.length
    ? locales.map((locale) => pickText(product.title, locale, locale))
    : [pickText(product.title, 'en', 'en')];
  const descriptions = product.description
    ? typeof product.description === 'string'
      ? [product.description]
      : Object.values(product.description)
    : [];
  return (
    [...new Set(titles)].join(' / ') +
    `\n${product.tags.filter((tag) => tag !== 'featured').join(', ')}\n${descriptions.map((text) => text.slice(0, 300)).join('\n')}`
  );
}

function unit(vector: readonly number[]): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const value of out) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/**
 * Embeddings through the same OpenAI-compatible endpoint (`/v1/embeddings`): the catalog once per
 * start (and only changed texts on a reload), the shopper's words once per request. Vectors are
 * kept in memory, normalised, and compared by dot product (fine for tens of thousands of products;
 * set OPENAI_EMBEDDING_DIMENSIONS to shrink them). A slow or failing endpoint yields [] and the
 * lexical search carries on alone.
 */
export function createSemanticIndex(
  settings: LlmSettings,
  embedding: EmbeddingSettings,
  log: (message: string, details: Record<string, unknown>) => void,
): SemanticIndex {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  const byText = new Map<string, Float32Array>();
  let index: { ids: string[]; vectors: Float32Array[] } = { ids: [], vectors: [] };

  const embed = async (input: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    const answer = await client.embeddings.create(
      {
        model: embedding.model,
        input,
        encoding_format: 'float',
        ...(embedding.dimensions ? { dimensions: embedding.dimensions } : {}),
      },
      signal ? { signal } : {},
    );
    const ordered = [...answer.data].sort((a, b) => a.index - b.index);
    if (ordered.length !== input.length)
      throw new Error(`the embeddings endpoint returned ${ordered.length} vectors for ${input.length} texts`);
    return ordered.map((item) => unit(item.embedding));
  };
  const key = (text: string) => createHash('sha256').update(embedding.model).update('\0').update(text).digest('base64');

  return {
    get size() {
      return index.ids.length;
    },
    async build(products) {
      const started = performance.now();
      const texts = products.map(productText);
      const missing = [...new Set(texts.filter((text) => !byText.has(key(text))))];
      try {
        for (let start = 0; start < missing.length; start += batchSize) {
          const batch = missing.slice(start, start + batchSize);
          const vectors = await embed(batch);
          batch.forEach((text, i) => byText.set(key(text), vectors[i]!));
        }
      } catch (error) {
        log('embedding the catalog failed; recommendations use lexical search only', {
          model: embedding.model,
          error: String(error),
        });
        return;
      }
      index = { ids: products.map((product) => product.id), vectors: texts.map((text) => byText.get(key(text))!) };
      log('catalog embedded', {
        model: embedding.model,
        products: products.length,
        embedded: missing.length,
        ms: Math.round(performance.now() - started),
      });
    },
    async nearest(text, limit) {
      if (index.ids.length === 0 || !text.trim()) return [];
      const started = performance.now();
      let query: Float32Array;
      try {
        [query] = (await embed([text.slice(0, 2000)], AbortSignal.timeout(settings.timeoutMs))) as [Float32Array];
      } catch (error) {
        noteCall({
          kind: 'llm',
          name: 'embed',
          ms: Math.round(performance.now() - started),
          outcome: `fallback: ${String(error).slice(0, 80)}`,
          model: embedding.model,
        });
        return [];
      }
      noteCall({
        kind: 'llm',
        name: 'embed',
        ms: Math.round(performance.now() - started),
        outcome: 'ok',
        model: embedding.model,
      });
      const { ids, vectors } = index;
      const scored: { id: string; score: number }[] = [];
      for (let i = 0; i < ids.length; i++) {
        const vector = vectors[i]!;
        if (vector.length !== query.length) continue;
        let dot = 0;
        for (let d = 0; d < query.length; d++) dot += vector[d]! * query[d]!;
        scored.push({ id: ids[i]!, score: dot });
      }
      return scored.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}
