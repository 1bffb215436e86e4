import { Command } from 'commander';
import { flowJsonSchema } from '../../flows/index.js';
import { testJsonSchema } from '../../testing/test-file.js';

export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of flow files, or of tests/*.yaml with --tests (for editor autocompletion)')
    .option('--tests', 'the schema of conversation tests (tests/*.yaml) instead')
    .action((options: { tests?: boolean }) => {
      console.log(JSON.stringify(options.tests ? testJsonSchema() : flowJsonSchema(), null, 2));
    });
}
