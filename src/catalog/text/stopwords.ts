/** English words that carry no meaning for matching a question or a product on their own. */
export const englishStopwords: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been am i im me my we our us you your it its this that these those to of in on for with at by ' +
    'from and or but not no do does did doing can could would should will shall may might please hi hello hey thanks thank ' +
    'there here what whats which who how when where why about much many any some so just also get got have has had let lets ' +
    'tell know if then than as into up out one want wants wanted need needs like would id ill ' +
    // Contractions lose their apostrophe in normalising ("don't" is dont): they are grammar too.
    'dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt ive youre youve theyre'
  ).split(' '),
);

/**
 * Japanese grammar and politeness that add nothing to what a question is about, longest first so
 * "でしょうか" goes before "か". They are cut out (leaving a boundary), never matched. Question words
 * (いつ, いくら) stay: they tell "when does it arrive" from "how much is shipping".
 */
export const japaneseFunctionPhrases: readonly string[] = [
  'でしょうか',
  'ありますか',
  'できますか',
  'いいですか',
  'ください',
  '下さい',
  'について',
  'ですか',
  'ますか',
  'ですが',
  'ですね',
  'でした',
  'ました',
  'ません',
  'おしえて',
  '教えて',
  'したい',
  'たいです',
  'って',
  'とは',
  'ほしい',
  '欲しい',
  'ます',
  'です',
  'など',
];

/**
 * Hiragana words that Intl.Segmenter finds in a request (すべて|無視|して) and that are grammar, not
 * things a shop sells: a request's word equal to one of these is not matched.
 */
export const japaneseGrammarWords: ReadonlySet<string> = new Set(
  (
    'して する した します から まで より ので のに けど たい いる ある なる すべて ぜんぶ こと ため よう など ' +
    'それ これ あれ この その あの ここ そこ どこ どれ どの なに なん とか だけ ほど くらい ぐらい という みたい'
  ).split(' '),
);

/**
 * Where hiragana meets kanji or katakana a new word usually starts (してから|何日, ラッピング|して),
 * so runs are cut there; kanji followed by hiragana stays whole (届き, 送り) to keep verb stems.
 */
export const wordStartPattern = /(?<=[\p{Script=Hiragana}])(?=[\p{Script=Han}\p{Script=Katakana}])/gu;

/** One-character particles, cut only where they follow kanji or katakana so hiragana words survive. */
export const particlePattern = /(?<=[\p{Script=Han}\p{Script=Katakana}ー々])[をはがのにでともへやか]/gu;
