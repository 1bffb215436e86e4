import { describe, expect, it } from 'vitest';
import { markAbroad } from '../../src/catalog/text/regions.js';

describe('countries and abroad in a question (the FAQ matcher)', () => {
  const found = (text: string, home = 'JP') => markAbroad(text.toLowerCase(), home).found;

  it('finds a country other than the shop’s own, in English or Japanese, and words for abroad', () => {
    for (const text of [
      'do you ship to Germany?',
      'Can I order from the UK?',
      'ship to hong kong',
      '台湾からでも注文できますか',
    ])
      expect(found(text), text).toBe(true);
    for (const text of [
      'Do you ship overseas?',
      'worldwide delivery',
      '海外発送はしていますか？',
      'ドイツに送れますか',
    ])
      expect(found(text), text).toBe(true);
  });

  it('not the shop’s own country, nor a name inside another word or a pronoun', () => {
    for (const text of [
      '日本茶のおすすめ',
      "What's the delivery time within Japan?",
      '中国茶はありますか',
      'マリンブルーの湯呑み',
      'contact us',
      'tell us more',
    ])
      expect(found(text), text).toBe(false);
    expect(found("What's the delivery time within Japan?", 'US')).toBe(true);
  });

  it('blanks a country name out, keeping offsets, so it is not also an unknown word; words for abroad stay', () => {
    expect(markAbroad('do you ship to germany?', 'JP').text).toBe('do you ship to        ?');
    expect(markAbroad('台湾から注文', 'JP').text).toBe('  から注文');
    expect(markAbroad('海外発送', 'JP').text).toBe('海外発送');
  });
});
