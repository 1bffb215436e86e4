/**
 * Countries and regions a shopper names, in English and Japanese, as one concept: "do you ship to
 * Germany?" and 「台湾からでも注文できますか」 then meet an FAQ paraphrase naming the US, Australia
 * or "overseas". Names come from Intl.DisplayNames (every ISO 3166 region), plus common short forms
 * and words for abroad; the shop's own country is left out (日本 is in 日本茶, Japan in "within Japan").
 */

import { standsAlone } from './normalize.js';

/** The term every mention stands for. */
export const abroadTerm = '~abroad';

const shortForms: Record<string, string[]> = {
  US: ['usa', 'u.s.', 'america', 'アメリカ', '米国'],
  GB: ['uk', 'britain', 'england', '英国'],
  HK: ['hong kong', '香港'],
  MO: ['macau', 'macao', 'マカオ'],
  KR: ['korea'],
  AE: ['uae', 'dubai'],
};
const abroadWords = {
  latin: ['overseas', 'abroad', 'international', 'internationally', 'worldwide', 'other countries', 'europe', 'eu'],
  japanese: ['海外', '国外', 'ヨーロッパ', '欧州', '外国'],
};

interface RegionNames {
  /** Country names in Latin letters. */
  latin: RegExp;
  /** Words for abroad in Latin letters. */
  abroadLatin: RegExp;
  /** Country names: found only standing alone (中国 not in 中国茶). */
  countries: string[];
  /** Words for abroad: found in compounds too (海外 in 海外発送). */
  abroad: string[];
}

const cache = new Map<string, RegionNames>();

function namesFor(home: string | undefined): RegionNames {
  const key = home ?? '';
  let names = cache.get(key);
  if (names) return names;
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  const japanese = new Intl.DisplayNames(['ja'], { type: 'region' });
  const latin = new Set<string>();
  const cjk = new Set<string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters)
    for (const second of letters) {
      const code = first + second;
      if (code === home) continue;
      const en = english.of(code);
      if (!en || en === code) continue;
      latin.add(en.toLowerCase().replace(/ sar china$/, ''));
      const ja = japanese.of(code);
      if (ja && ja !== code) cjk.add(ja);
      for (const form of shortForms[code] ?? []) (/[a-z]/.test(form) ? latin : cjk).add(form);
    }
  const longestFirst = (list: Iterable<string>) => [...list].sort((a, b) => b.length - a.length);
  const words = (list: Iterable<string>, flags: string) =>
    new RegExp(
      `(^|[^\\p{L}\\p{N}])(?:${longestFirst(list)
        .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|')})(?=$|[^\\p{L}\\p{N}])`,
      flags,
    );
  names = {
    latin: words(latin, 'gu'),
    abroadLatin: words(abroadWords.latin, 'u'),
    countries: longestFirst(cjk),
    abroad: longestFirst(abroadWords.japanese),
  };
  cache.set(key, names);
  return names;
}

/**
 * Finds where `text` (normalised, lower case) names a country or region other than `home`, or
 * abroad. Country names are blanked out (spaces of the same length), so one counts as the concept
 * and not also as a word the FAQ does not know; words for abroad (overseas, 海外) stay, as the FAQ's
 * own words they are (海外発送 is not 発送).
 */
export function markAbroad(text: string, home?: string): { text: string; found: boolean } {
  const names = namesFor(home?.toUpperCase());
  let found = names.abroadLatin.test(text) || names.abroad.some((word) => text.includes(word));
  let rest = text.replace(names.latin, (match, before: string) => {
    found = true;
    return before + ' '.repeat(match.length - before.length);
  });
  for (const name of names.countries)
    for (let index = rest.indexOf(name); index !== -1; index = rest.indexOf(name, index + 1))
      if (standsAlone(rest, name, index)) {
        found = true;
        rest = rest.slice(0, index) + ' '.repeat(name.length) + rest.slice(index + name.length);
      }
  return { text: rest, found };
}
