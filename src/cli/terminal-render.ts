import { cardDetails, cardPrice, formatMoney, type Choice, type Reply } from '../core/index.js';

/** Renders replies for a terminal: buttons get numbers the shopper can type. */
export function renderForTerminal(replies: readonly Reply[], locale: string): { lines: string[]; buttons: Choice[] } {
  const lines: string[] = [];
  const buttons: Choice[] = [];
  const numbered = (choices: readonly Choice[]) =>
    choices.map((choice) => `[${buttons.push(choice)}] ${choice.label}`).join('  ');
  for (const reply of replies) {
    switch (reply.type) {
      case 'text':
        lines.push(`bot> ${reply.text}`);
        break;
      case 'choices':
        lines.push(`bot> ${reply.text}`, `     ${numbered(reply.choices)}`);
        break;
      case 'products':
        if (reply.detail) {
          // A detail view: the image, then the description, options and stock, each line of them on its own line.
          for (const card of reply.products) {
            lines.push(`  ┌ ${card.title}  ${cardPrice(card, locale)}`);
            if (card.imageUrl) lines.push(`  │ [image] ${card.imageUrl}`);
            for (const part of cardDetails(card)) for (const line of part.split('\n')) lines.push(`  │ ${line}`);
            lines.push(card.actions.length > 0 ? `  └ ${numbered(card.actions)}` : '  └');
          }
          break;
        }
        for (const card of reply.products) {
          lines.push(`  ┌ ${card.title}  ${cardPrice(card, locale)}${card.stock === 0 ? '  (sold out)' : ''}`);
          if (card.options) lines.push(`  │ ${card.options}`);
          if (card.reason) lines.push(`  │ ${card.reason}`);
          lines.push(`  └ ${numbered(card.actions)}`);
        }
        break;
      case 'paymentLink':
        lines.push(`bot> pay ${formatMoney(reply.total, locale)}: ${reply.url}`);
        break;
      case 'image':
        lines.push(`bot> [image] ${reply.alt} ${reply.url}`);
        break;
      case 'handoff':
        lines.push(`bot> [handed to a person: ${reply.reason}]`);
        break;
    }
  }
  return { lines, buttons };
}
