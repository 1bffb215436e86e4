import { KaiwaError, SourceValidationError } from '../core/index.js';

/** Prints an error the way a merchant can act on it, and sets exit code 1. */
export function reportError(error: unknown): void {
  if (error instanceof SourceValidationError) {
    for (const issue of error.issues)
      console.error(`${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`);
    console.error(`\n${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} found.`);
  } else if (error instanceof KaiwaError) {
    console.error(`kaiwa: ${error.message}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exitCode = 1;
}
