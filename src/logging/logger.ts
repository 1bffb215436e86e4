import { redact, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type Log = (message: string, details: Record<string, unknown>) => void;

export interface LoggerOptions {
  level: LogLevel;
  /** Values to mask wherever they appear (the environment's tokens and secrets). */
  secrets?: readonly string[];
  /** Where JSON lines go; default stderr. */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * JSON lines, one per event, redacted before they are written (docs/security.md). The level comes
 * from the message: `ALERT …` is an error, `… failed` a warning, the rest info.
 */
export function createLogger(options: LoggerOptions): Log {
  const secrets = [...(options.secrets ?? [])]
    .filter((secret) => secret.length >= 6)
    .sort((a, b) => b.length - a.length);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  return (message, details) => {
    const level: LogLevel = message.startsWith('ALERT')
      ? 'error'
      : /failed|refused|error/i.test(message)
        ? 'warn'
        : 'info';
    if (rank[level] < rank[options.level]) return;
    write(
      JSON.stringify({
        time: now().toISOString(),
        level,
        message: redactText(message, secrets),
        ...(redact(details, secrets) as Record<string, unknown>),
      }),
    );
  };
}

/** The environment's secret values, for the logger to mask. */
export function secretsOf(env: Record<string, unknown>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => typeof value === 'string' && /TOKEN|SECRET|PASSWORD|KEY/.test(name))
    .map(([, value]) => value as string);
}
