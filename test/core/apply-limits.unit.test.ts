import { describe, expect, it } from 'vitest';
import { applyLimits, splitText, type Reply } from '../../src/core/index.js';

const limits = { maxTextLength: 20, maxButtons: 3, maxButtonLabel: 8, maxCarouselCards: 2, maxCardActions: 1 };

describe('applyLimits', () => {
  it('splits long text at line breaks, counting code points', () => {
    expect(splitText('first line here\nsecond line here', 20)).toEqual(['first line here', 'second line here']);
    expect(splitText('あ'.repeat(25), 20)).toEqual(['あ'.repeat(20), 'あ'.repeat(5)]);
  });

  it('moves extra buttons to a follow-up message and shortens labels, dropping none', () => {
    const choices = ['One', 'Two', 'Three', 'Four', 'A very long label'].map((label, index) => ({
      label,
      payload: `k1:go:s${index}`,
    }));
    const out = applyLimits([{ type: 'choices', text: 'Pick', choices }], limits);
    expect(out).toHaveLength(2);
    const all = out.flatMap((reply) => (reply.type === 'choices' ? reply.choices : []));
    expect(all.map((choice) => choice.payload)).toEqual(choices.map((choice) => choice.payload));
    expect(all[4]?.label).toBe('A very …');
  });

  it('breaks big carousels into several; card actions that do not fit follow as buttons named after their card', () => {
    const card = (id: string) => ({
      id,
      title: id,
      price: { amount: 100, currency: 'JPY' },
      actions: [
        { label: 'Add', payload: `add:${id}` },
        { label: 'Info', payload: `info:${id}` },
      ],
    });
    const out = applyLimits([{ type: 'products', products: ['a', 'b', 'c'].map(card) }], limits);
    expect(out.map((reply) => reply.type)).toEqual(['products', 'choices', 'products', 'choices']);
    const cards = out.filter((reply): reply is Extract<Reply, { type: 'products' }> => reply.type === 'products');
    expect(cards.map((reply) => reply.products.length)).toEqual([2, 1]);
    expect(cards[0]?.products[0]?.actions).toEqual([{ label: 'Add', payload: 'add:a' }]);
    const moved = out.flatMap((reply) => (reply.type === 'choices' ? reply.choices : []));
    expect(moved.map((choice) => choice.payload)).toEqual(['info:a', 'info:b', 'info:c']);
    expect(moved[0]?.label.startsWith('a: Info'.slice(0, 3))).toBe(true);
  });
});
