import { ConfigError } from './errors.js';

/** The process environment as a module reads it: names to raw strings. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * How a channel, a payment provider or the app reads its own environment variables. Every read
 * records what is wrong instead of throwing, so `done()` can report every missing or malformed
 * variable at once, each by name. An empty value (`X=` copied from .env.example) means unset.
 */
export interface SettingsReader {
  /** A string, or undefined when unset. */
  string(name: string): string | undefined;
  /** An http(s) URL, or undefined when unset. */
  url(name: string): string | undefined;
  /** `1`/`true` or `0`/`false`; unset is `fallback`. */
  flag(name: string, fallback?: boolean): boolean;
  /** An integer (or a number with `{ integer: false }`) within bounds; unset is `fallback`. */
  number(name: string, bounds: { min: number; max: number; integer?: boolean }, fallback: number): number;
  number(name: string, bounds: { min: number; max: number; integer?: boolean }): number | undefined;
  /** One of `values`; unset is `fallback`. */
  oneOf<const T extends string>(name: string, values: readonly T[], fallback: T): T;
  /**
   * All of these variables or none: none set is undefined (the feature is off); some set is a problem
   * naming the missing ones ("LINE needs LINE_CHANNEL_ACCESS_TOKEN as well").
   */
  group<const K extends string>(label: string, names: readonly K[]): Record<K, string> | undefined;
  /** Records a problem of the module's own (a combination of variables that does not work). */
  problem(message: string): void;
  /** Records what a module threw while building its adapter: a ConfigError as it is, anything else under `label`. */
  failed(label: string, error: unknown): void;
  /** Throws one ConfigError listing every problem recorded so far, if there is any. */
  done(): void;
}

/**
 * A reader over `env`. `docs` names where the variables are explained, for the messages
 * (`docs/channels.md`); every message also points at .env.example.
 */
export function readSettings(env: EnvSource, docs?: string): SettingsReader {
  const problems: string[] = [];
  const see = docs ? `see .env.example and ${docs}` : 'see .env.example';
  const raw = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const bad = (name: string, message: string) => problems.push(`${name}: ${message} (${see})`);
  const reader: SettingsReader = {
    string: raw,
    url(name) {
      const value = raw(name);
      if (value === undefined) return undefined;
      try {
        const url = new URL(value);
        if (url.protocol === 'http:' || url.protocol === 'https:') return value;
      } catch {
        // reported below
      }
      bad(name, `not an http(s) URL: "${value}"`);
      return undefined;
    },
    flag(name, fallback = false) {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (value === '1' || value === 'true') return true;
      if (value === '0' || value === 'false') return false;
      bad(name, `use 1 or 0, not "${value}"`);
      return fallback;
    },
    number(name: string, bounds: { min: number; max: number; integer?: boolean }, fallback?: number) {
      const value = raw(name);
      if (value === undefined) return fallback as number;
      const parsed = Number(value);
      const integer = bounds.integer ?? true;
      if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
        bad(name, `not ${integer ? 'an integer' : 'a number'}: "${value}"`);
        return fallback as number;
      }
      if (parsed < bounds.min || parsed > bounds.max) {
        bad(name, `must be between ${bounds.min} and ${bounds.max}, not ${value}`);
        return fallback as number;
      }
      return parsed;
    },
    oneOf(name, values, fallback) {
      const value = raw(name);
      if (value === undefined) return fallback;
      if ((values as readonly string[]).includes(value)) return value as (typeof values)[number];
      bad(name, `use ${values.join(' or ')}, not "${value}"`);
      return fallback;
    },
    group(label, names) {
      const set = names.filter((name) => raw(name) !== undefined);
      if (set.length === 0) return undefined;
      const missing = names.filter((name) => raw(name) === undefined);
      if (missing.length > 0) {
        problems.push(`${label} needs ${missing.join(', ')} as well (${see})`);
        return undefined;
      }
      return Object.fromEntries(names.map((name) => [name, raw(name) as string])) as Record<
        (typeof names)[number],
        string
      >;
    },
    problem(message) {
      problems.push(message);
    },
    failed(label, error) {
      if (error instanceof ConfigError) problems.push(error.message);
      else problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    },
    done() {
      if (problems.length > 0) throw new ConfigError(problems.join('\n'));
    },
  };
  return reader;
}
