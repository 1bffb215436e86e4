import { Command } from 'commander';
import { SourceValidationError } from '../../core/index.js';
import { validateShop } from '../../testing/validate-shop.js';
import { reportError } from '../report-error.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check kaiwa.yaml, flows, catalog, FAQ and tests/*.yaml; print every problem as file:line:col')
    .argument('[dir]', 'shop folder', '.')
    .action(async (dir: string) => {
      try {
        const { issues, counts } = await validateShop(dir);
        if (issues.length > 0 || !counts) throw new SourceValidationError(issues);
        console.log(
          `ok: ${counts.states} states, ${counts.products} products, ${counts.faq} FAQ entries, ${counts.tests} tests`,
        );
      } catch (error) {
        reportError(error);
      }
    });
}
