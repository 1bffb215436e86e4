/** Words that ask for a recommendation without saying what for: a query of only these has no search words. */
export const searchStopwords: ReadonlySet<string> = new Set(
  'recommend recommended recommendation recommendations suggest suggestion suggestions something anything buy show see good nice best popular item items product products please looking find any some me yen jpy dollar dollars usd price prices cheap'.split(
    ' ',
  ),
);

/** The Japanese counterparts, cut out of a product query before matching. */
export const searchStopPhrases: readonly string[] = [
  'おすすめ',
  'オススメ',
  'お勧め',
  'お薦め',
  '探しています',
  '探してる',
  '探して',
  '買いたい',
  'なにか',
  '何か',
  'ありますか',
  'ある',
  '商品',
  'もの',
  '人気',
  '紹介',
  'いい',
  '良い',
  'ない',
];
