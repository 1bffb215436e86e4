/**
 * The reference baselines of ../shared/eval, re-implemented line for line so that both figures come
 * from one run (and reproducing their published numbers proves the protocol code).
 */
const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** BM25 (k1 1.2, b 0.75) over lower-cased alphanumeric title tokens: homedepot_retrieval.py. */
export function bm25Baseline(titles: ReadonlyMap<string, string>): (query: string) => string[] {
  const ids = [...titles.keys()];
  const docs = ids.map((id) => words(titles.get(id)!));
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length;
  const postings = new Map<string, [number, number][]>();
  docs.forEach((doc, index) => {
    const counts = new Map<string, number>();
    for (const word of doc) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, count] of counts) {
      const list = postings.get(word) ?? [];
      list.push([index, count]);
      postings.set(word, list);
    }
  });
  const idf = new Map(
    [...postings].map(([word, list]) => [word, Math.log(1 + (docs.length - list.length + 0.5) / (list.length + 0.5))]),
  );
  return (query) => {
    const scores = new Map<number, number>();
    for (const word of new Set(words(query))) {
      for (const [doc, count] of postings.get(word) ?? []) {
        const add =
          (idf.get(word)! * count * 2.2) / (count + 1.2 * (1 - 0.75 + (0.75 * docs[doc]!.length) / averageLength));
        scores.set(doc, (scores.get(doc) ?? 0) + add);
      }
    }
    // heapq.nlargest keeps first-seen order among equal scores; a stable sort does the same.
    return [...scores]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([doc]) => ids[doc]!);
  };
}

const faqWords = (text: string) => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];

/** TF-IDF word cosine against each paraphrase, best one wins: bitext_faq_baseline.py. */
export function tfidfBaseline(
  paraphrases: readonly { intent: string; text: string }[],
): (question: string) => { intent: string; score: number } {
  const df = new Map<string, number>();
  for (const { text } of paraphrases) for (const word of new Set(faqWords(text))) df.set(word, (df.get(word) ?? 0) + 1);
  const count = paraphrases.length;
  const vector = (text: string) => {
    const tf = new Map<string, number>();
    for (const word of faqWords(text)) tf.set(word, (tf.get(word) ?? 0) + 1);
    const weights = new Map(
      [...tf].map(([word, n]) => [word, (1 + Math.log(n)) * Math.log((count + 1) / ((df.get(word) ?? 0) + 1))]),
    );
    const norm = Math.sqrt([...weights.values()].reduce((sum, weight) => sum + weight * weight, 0)) || 1;
    return new Map([...weights].map(([word, weight]) => [word, weight / norm]));
  };
  const vectors = paraphrases.map(({ intent, text }) => ({ intent, vector: vector(text) }));
  return (question) => {
    const query = vector(question);
    let best = { intent: '', score: -Infinity };
    for (const { intent, vector: other } of vectors) {
      let score = 0;
      for (const [word, weight] of other) score += (query.get(word) ?? 0) * weight;
      // Python's max over (score, intent) tuples: ties go to the larger intent name.
      if (score > best.score || (score === best.score && intent > best.intent)) best = { intent, score };
    }
    return best;
  };
}
