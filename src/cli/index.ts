import { Command } from 'commander';
import { catalogCommand } from './commands/catalog.js';
import { chatCommand } from './commands/chat.js';
import { dbCommand } from './commands/db.js';
import { ordersCommand } from './commands/orders.js';
import { privacyCommand } from './commands/privacy.js';
import { webhookCommand } from './commands/webhook.js';
import { schemaCommand } from './commands/schema.js';
import { devCommand, startCommand } from './commands/start.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';

const program = new Command('kaiwa')
  .description('Conversational commerce: flows, catalog, payments, every chat channel.')
  .version('0.1.0');
program.addCommand(startCommand());
program.addCommand(devCommand());
program.addCommand(chatCommand());
program.addCommand(validateCommand());
program.addCommand(testCommand());
program.addCommand(schemaCommand());
program.addCommand(dbCommand());
program.addCommand(ordersCommand());
program.addCommand(catalogCommand());
program.addCommand(privacyCommand());
program.addCommand(webhookCommand());
await program.parseAsync(process.argv);
