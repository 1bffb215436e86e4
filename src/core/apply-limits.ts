import type { Choice, Reply } from './message.js';
import type { ChannelLimits } from './ports/channel-adapter.js';

/**
 * Degrades replies to fit a channel instead of letting the platform reject them: long text is
 * split at line breaks, extra buttons move to a follow-up message, long labels are shortened,
 * big carousels become several. Nothing is dropped silently. Pure; every adapter renders after it.
 */
export function applyLimits(replies: readonly Reply[], limits: ChannelLimits): Reply[] {
  return replies.flatMap((reply): Reply[] => {
    switch (reply.type) {
      case 'text':
        return splitText(reply.text, limits.maxTextLength).map((text) => ({ ...reply, text }));
      case 'choices': {
        const choices = reply.choices.map((choice) => shortenLabel(choice, limits.maxButtonLabel));
        const texts = splitText(reply.text, limits.maxTextLength);
        const head: Reply[] = texts.slice(0, -1).map((text) => ({ type: 'text', text }));
        const groups = chunk(choices, Math.max(1, limits.maxButtons));
        return [
          ...head,
          ...groups.map((group, index): Reply => ({
            ...reply,
            text: index === 0 ? (texts.at(-1) ?? '') : '…',
            choices: group,
          })),
        ];
      }
      case 'products':
        return chunk(reply.products, Math.max(1, limits.maxCarouselCards)).flatMap((products): Reply[] => {
          // A card keeps the actions that fit; the rest follow as buttons named after their card.
          const overflow = products.flatMap((card) =>
            card.actions
              .slice(limits.maxCardActions)
              .map((action) =>
                shortenLabel({ ...action, label: `${card.title}: ${action.label}` }, limits.maxButtonLabel),
              ),
          );
          const cards: Reply = {
            ...reply,
            products: products.map((card) => ({
              ...card,
              actions: card.actions
                .slice(0, limits.maxCardActions)
                .map((action) => shortenLabel(action, limits.maxButtonLabel)),
            })),
          };
          return overflow.length === 0
            ? [cards]
            : [cards, ...applyLimits([{ type: 'choices', text: '…', choices: overflow }], limits)];
        });
      default:
        return [reply];
    }
  });
}

function shortenLabel(choice: Choice, max: number): Choice {
  const characters = [...choice.label];
  return characters.length <= max
    ? choice
    : { ...choice, label: `${characters.slice(0, Math.max(1, max - 1)).join('')}…` };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let index = 0; index < items.length; index += size) groups.push(items.slice(index, index + size));
  return groups.length > 0 ? groups : [[]];
}

/** Splits at the last line break (or space) before the limit; counts code points, not UTF-16 units. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = [...text];
  while (rest.length > max) {
    const window = rest.slice(0, max).join('');
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const size = cut > max / 2 ? [...window.slice(0, cut)].length : max;
    parts.push(rest.slice(0, size).join('').trimEnd());
    rest = rest.slice(size);
    while (rest[0] === '\n' || rest[0] === ' ') rest = rest.slice(1);
  }
  parts.push(rest.join(''));
  return parts;
}
