import { englishTermOf } from './spelling.js';
import { tokenize, type Token } from './terms.js';

/** Where a synonym group was found in a token list: its index term and the tokens [from, to). */
export interface SynonymMatch {
  term: string;
  from: number;
  to: number;
}

/**
 * A shop's synonym groups (kaiwa.yaml `synonyms`: `[[swimsuit, swimwear, bathing suit], …]`)
 * compiled for matching. Every member of a group stands for one index term, added wherever a member
 * appears, in catalog text and in the shopper's words alike, so "bathing suit" finds swimwear.
 */
export interface Synonyms {
  find(tokens: readonly Token[]): SynonymMatch[];
  readonly size: number;
}

/** Members span at most this many words ("one piece swimsuit"). */
const maxWords = 4;

/**
 * What a member is compared by: its words run together, so "one-piece", "one piece" and "onepiece"
 * are one member; English plurals meet (the last word stemmed), Japanese katakana is folded.
 */
function keyOf(forms: readonly string[], lastLatin: boolean): string {
  const joined = forms.join('');
  return lastLatin ? englishTermOf(joined) : joined;
}

/** The problems in a `synonyms` list, one per member, with its position in the list; [] when fine. */
export function synonymProblems(groups: readonly (readonly string[])[]): { path: [number, number]; message: string }[] {
  const problems: { path: [number, number]; message: string }[] = [];
  const seen = new Map<string, [number, number]>();
  groups.forEach((group, g) =>
    group.forEach((member, m) => {
      const tokens = tokenize(member);
      const at: [number, number] = [g, m];
      if (tokens.length === 0) problems.push({ path: at, message: `"${member}" has no letters or digits to match` });
      else if (tokens.length > maxWords)
        problems.push({ path: at, message: `"${member}" has more than ${maxWords} words; list shorter ones` });
      else if (tokens.every((token) => token.stop))
        problems.push({ path: at, message: `"${member}" is too common a word to match on its own` });
      else {
        const key = keyOf(
          tokens.map((token) => token.form),
          !tokens.at(-1)!.cjk,
        );
        // "onepiece" beside "one-piece" in one group is fine (they are one key); in two groups it is a conflict.
        const first = seen.get(key);
        if (first && first[0] !== g)
          problems.push({
            path: at,
            message:
              `"${member}" is already in group ${first[0] + 1} (synonyms[${first[0]}][${first[1]}]): ` +
              'a word belongs to one group',
          });
        else if (!first) seen.set(key, at);
      }
    }),
  );
  return problems;
}

/** Compiles groups already checked by synonymProblems (a member with nothing to match is skipped). */
export function compileSynonyms(groups: readonly (readonly string[])[]): Synonyms {
  const exact = new Map<string, string>();
  // Japanese members are also found inside a longer run (ワンピース in ワンピース水着).
  const inside: { key: string; term: string }[] = [];
  groups.forEach((group) => {
    const keys: { key: string; japanese: boolean }[] = [];
    for (const member of group) {
      const tokens = tokenize(member);
      if (tokens.length === 0 || tokens.every((token) => token.stop)) continue;
      const last = tokens.at(-1)!;
      keys.push({
        key: keyOf(
          tokens.map((token) => token.form),
          !last.cjk,
        ),
        japanese: tokens.every((t) => t.cjk),
      });
    }
    if (keys.length === 0) return;
    const term = `=${keys[0]!.key}`;
    for (const { key, japanese } of keys) {
      if (!exact.has(key)) exact.set(key, term);
      if (japanese && Array.from(key).length >= 2) inside.push({ key, term });
    }
  });
  return {
    size: exact.size,
    find(tokens) {
      if (exact.size === 0) return [];
      const found: SynonymMatch[] = [];
      for (let from = 0; from < tokens.length; from++) {
        const forms: string[] = [];
        for (let to = from + 1; to <= Math.min(tokens.length, from + maxWords); to++) {
          const token = tokens[to - 1]!;
          if (to > from + 1 && !token.attached) break;
          forms.push(token.form);
          const term = exact.get(keyOf(forms, !token.cjk));
          if (term) found.push({ term, from, to });
        }
        const token = tokens[from]!;
        if (token.cjk)
          for (const { key, term } of inside)
            if (token.form !== key && token.form.includes(key)) found.push({ term, from, to: from + 1 });
      }
      return found;
    },
  };
}

/** No synonyms: what a shop without `synonyms` gets. */
export const noSynonyms: Synonyms = compileSynonyms([]);
