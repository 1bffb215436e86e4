import { Command } from 'commander';
import { runConversationTests } from '../../testing/run-conversation-tests.js';
import { reportError } from '../report-error.js';

export function testCommand(): Command {
  return new Command('test')
    .description("replay the shop's scripted conversations (tests/*.yaml) in process, on a fresh database")
    .argument('[dir]', 'shop folder', '.')
    .action(async (dir: string) => {
      try {
        const outcomes = await runConversationTests(dir);
        for (const outcome of outcomes)
          console.log(outcome.failure ? `✗ ${outcome.name}\n  ${outcome.failure}` : `✓ ${outcome.name}`);
        const failed = outcomes.filter((outcome) => outcome.failure).length;
        console.log(`${outcomes.length - failed} passed, ${failed} failed`);
        if (failed > 0 || outcomes.length === 0) process.exitCode = 1;
      } catch (error) {
        reportError(error);
      }
    });
}
