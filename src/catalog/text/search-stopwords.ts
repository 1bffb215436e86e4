/** Words that ask for a recommendation without saying what for: a query of only these has no search words. */
export const searchStopwords: ReadonlySet<string> = new Set(
  [
    'recommend recommended recommendation recommendations suggest suggestion suggestions something anything buy',
    'show see good nice best popular item items product products please looking find any some me yen jpy dollar',
    // How shoppers ask whether a shop has a thing ("do you sell tents?"): not the thing itself.
    'dollars usd price prices cheap sell sells selling carry available purchase',
  ]
    .join(' ')
    .split(' '),
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
  // How shoppers ask whether a shop has a thing (「テントは売っていますか」「見せてください」): not the thing itself.
  '見せて',
  'みせて',
  '見たい',
  'お願いします',
  'お願い',
  'おねがい',
  '選んで',
  '売っています',
  '売ってます',
  '売ってる',
  '売って',
  '扱っています',
  '扱ってます',
  '扱ってる',
  '扱って',
  '置いています',
  '置いてます',
  '置いてる',
  '置いて',
  '注文したい',
  'だけど',
  'けど',
];
