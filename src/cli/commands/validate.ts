import { Command } from 'commander';
import { loadShopConfig } from '../../config/load-config.js';
import { loadCustomCode, loadShopFiles } from '../../shop/files.js';
import { reportError } from '../report-error.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check kaiwa.yaml, flows, catalog and FAQ; print every problem as file:line:col')
    .argument('[dir]', 'shop folder', '.')
    .action(async (dir: string) => {
      try {
        const config = await loadShopConfig(dir);
        const files = await loadShopFiles(config, await loadCustomCode(config));
        console.log(
          `ok: ${Object.keys(files.flows.states).length} states, ${files.products.length} products, ${files.faq.entries.length} FAQ entries`,
        );
      } catch (error) {
        reportError(error);
      }
    });
}
