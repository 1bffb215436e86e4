import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bm25Baseline, tfidfBaseline } from '../../bench/eval/baselines.js';
import { readHomeDepot } from '../../bench/eval/data.js';
import { evaluateRouting } from '../../bench/eval/evaluate.js';
import { half, ndcgAt10, recallAt10, thresholdKeeping95 } from '../../bench/eval/metrics.js';

describe('evaluation protocol (../shared/eval)', () => {
  it('splits queries by the parity of md5 as a big integer, as the reference script does', () => {
    // Values printed by Python's int(hashlib.md5(q.encode()).hexdigest(), 16) % 2.
    expect(half('angle bracket')).toBe('test');
    expect(half('l bracket')).toBe('test');
    expect(half('deck over')).toBe('dev');
  });

  it('computes NDCG@10 with gain = relevance − 1, unjudged as 0, and skips queries with no gain', () => {
    const judged = new Map([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    // Ideal: gains 2, 1, 0 → 2 + 1/log2(3). Got: b, x (unjudged), a → 1 + 0 + 2/log2(4).
    expect(ndcgAt10(['b', 'x', 'a'], judged)).toBeCloseTo((1 + 2 / 2) / (2 + 1 / Math.log2(3)), 10);
    expect(ndcgAt10(['a', 'b', 'c'], judged)).toBeCloseTo(1, 10);
    expect(ndcgAt10(['a'], new Map([['a', 1]]))).toBeUndefined();
    expect(
      recallAt10(
        ['a', 'x'],
        new Map([
          ['a', 3],
          ['b', 2.67],
          ['c', 2.33],
        ]),
      ),
    ).toBe(0.5);
    expect(recallAt10(['a'], new Map([['a', 2]]))).toBeUndefined();
  });

  it('takes the 5th percentile of in-scope scores as the threshold', () => {
    expect(thresholdKeeping95(Array.from({ length: 100 }, (_, index) => (100 - index) / 100))).toBe(0.06);
  });

  it('reads the Home Depot file as Latin-1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaiwa-eval-'));
    const file = join(dir, 'train.csv');
    writeFileSync(
      file,
      Buffer.from(
        '"id","product_uid","product_title","search_term","relevance"\n1,100,"Caf\xe9 table 3\xbd in.","cafe table",3\n2,100,"Caf\xe9 table 3\xbd in.","table",2\n',
        'latin1',
      ),
    );
    const data = readHomeDepot(file);
    expect(data.titles.get('100')).toBe('Café table 3½ in.');
    expect(data.judged.get('table')?.get('100')).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks by BM25 like the reference: the document with the rarer matching word first', () => {
    const rank = bm25Baseline(
      new Map([
        ['1', 'steel angle bracket'],
        ['2', 'wood shelf bracket'],
        ['3', 'steel pipe'],
      ]),
    );
    expect(rank('angle bracket')).toEqual(['1', '2']);
    expect(rank('steel')).toEqual(['3', '1']); // equal term frequency: the shorter title wins
  });

  it('routes with TF-IDF cosine and counts out-of-scope questions under the threshold', () => {
    const routing = {
      byIntent: new Map([
        ['refund', ['I want my money back', 'refund please', 'how do I get a refund', 'refund it']],
        ['track', ['where is my parcel', 'track my order', 'order status', 'where is my order']],
      ]),
      outOfScope: ['what is the weather', 'refund'],
    };
    const figures = evaluateRouting(routing, 2, tfidfBaseline);
    expect(figures.inScope).toBe(4);
    expect(figures.top1).toBe(1);
    expect(figures.outOfScopeRejected).toBe(0.5);
  });
});
