/** A sparse vector, unit length once built by TfIdfModel.vector. */
export type SparseVector = ReadonlyMap<string, number>;

/**
 * TF-IDF over a small fixed set of documents (FAQ paraphrases). Log-scaled term frequency and a
 * smoothed IDF; a query term the documents never use gets the highest IDF, so unrelated words in a
 * question pull its cosine down instead of being ignored.
 */
export class TfIdfModel {
  private readonly df = new Map<string, number>();
  private readonly count: number;

  constructor(documents: readonly (readonly string[])[]) {
    this.count = documents.length;
    for (const terms of documents) for (const term of new Set(terms)) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  idf(term: string): number {
    return Math.log((this.count + 1) / ((this.df.get(term) ?? 0) + 1)) + 1;
  }

  vector(terms: readonly string[]): SparseVector {
    const tf = new Map<string, number>();
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of tf) {
      const weight = (1 + Math.log(count)) * this.idf(term);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  }
}

/** Dot product of two unit vectors: their cosine. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}
