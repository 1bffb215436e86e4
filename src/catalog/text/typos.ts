/** A catalog word a misspelt one stands for (as the catalog writes it), its index term, how many edits apart. */
export interface Correction {
  word: string;
  term: string;
  distance: number;
}

export interface TypoIndex {
  /**
   * The catalog's English words that `word` (one the catalog lacks) is a likely misspelling of,
   * nearest first (at most `limit`): one edit for words of 6 to 8 letters, two from 9, only two
   * letters swapped for 5, none below (a short word one edit from another is another word: tent
   * and ten, rain and ran). The first letter must agree: typos rarely hit it.
   */
  corrections(word: string, limit: number): Correction[];
}

/** Letters a word must have before a swap of two neighbours (tabel → table) is read as a typo. */
const minSwapLength = 5;
/** Letters a word must have before one edit of any kind is read as a typo (ceramc → ceramic). */
const minEditLength = 6;
/** From this many letters two edits are (genmaichaa → genmaicha … teh → the is not). */
const twoEditLength = 9;

/** Padded character trigrams: an edit changes at most three of them, so a neighbour shares the rest. */
function grams(word: string): string[] {
  const padded = ` ${word} `;
  const found: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) found.push(padded.slice(i, i + 3));
  return found;
}

/** Builds the lookup over the catalog's English words (four letters or more) and their index terms. */
export function createTypoIndex(vocabulary: ReadonlyMap<string, string>): TypoIndex {
  const words: string[] = [];
  const terms: string[] = [];
  const postings = new Map<string, number[]>();
  for (const [word, term] of vocabulary) {
    if (word.length < 4 || !latin.test(word)) continue;
    const id = words.push(word) - 1;
    terms.push(term);
    for (const gram of new Set(grams(word))) {
      const list = postings.get(gram);
      if (list) list.push(id);
      else postings.set(gram, [id]);
    }
  }
  return {
    corrections(typed, limit) {
      if (typed.length < minSwapLength || !latin.test(typed)) return [];
      const most = typed.length >= twoEditLength ? 2 : typed.length >= minEditLength ? 1 : 0;
      const candidates = new Set<number>();
      for (const gram of new Set(grams(typed))) for (const id of postings.get(gram) ?? []) candidates.add(id);
      const found: Correction[] = [];
      for (const id of candidates) {
        const word = words[id]!;
        if (word[0] !== typed[0] || Math.abs(word.length - typed.length) > most) continue;
        const distance = most === 0 ? (swapped(word, typed) ? 1 : Infinity) : editDistance(typed, word, most);
        if (distance !== Infinity) found.push({ word, term: terms[id]!, distance });
      }
      found.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
      // Plural and singular of one word are one correction.
      const picked: Correction[] = [];
      for (const correction of found)
        if (picked.length < limit && !picked.some((other) => other.term === correction.term)) picked.push(correction);
      return picked;
    },
  };
}

const latin = /^[\p{Script=Latin}]+$/u;

/** True when b is a with two neighbouring letters swapped (tabel, table). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ: number[] = [];
  for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) from a to b, or Infinity when more than
 * `most`: the optimal string alignment distance, stopped early.
 */
export function editDistance(a: string, b: string, most: number): number {
  if (Math.abs(a.length - b.length) > most) return Infinity;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let best = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > most) return Infinity;
    before = previous;
    previous = current;
  }
  const distance = previous[b.length]!;
  return distance <= most ? distance : Infinity;
}
