import { Command } from 'commander';
import { flowJsonSchema } from '../../flows/index.js';

export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of flow files (for editor autocompletion)')
    .action(() => {
      console.log(JSON.stringify(flowJsonSchema(), null, 2));
    });
}
