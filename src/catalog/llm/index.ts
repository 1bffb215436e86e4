export { createJsonChat, type JsonChat, type LlmCallLog, type LlmSettings } from './chat.js';
export { createLlmFaqAnswerer } from './llm-faq.js';
export { createLlmIntentClassifier } from './llm-intents.js';
export { createLlmRecommender } from './llm-recommender.js';
export { createSemanticIndex, type EmbeddingSettings, type SemanticIndex } from './embeddings.js';
