import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseYamlWithPositions } from '../shop/yaml.js';
import { ConfigError, SourceValidationError, type SourceIssue } from '../core/index.js';
import { envSchema, shopConfigSchema, type Env, type ShopConfig } from './schema.js';

export interface LoadedConfig {
  shop: ShopConfig & { shop: ShopConfig['shop'] & { defaultLocale: string } };
  /** Absolute folder of the shop. */
  dir: string;
  file: string;
}

/** Reads `<dir>/kaiwa.yaml`; every problem is reported as file:line:col. */
export async function loadShopConfig(dir: string): Promise<LoadedConfig> {
  const file = join(dir, 'kaiwa.yaml');
  const display = relative(process.cwd(), file) || file;
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(`${display}: not found. A shop folder needs a kaiwa.yaml (see examples/shop/kaiwa.yaml).`);
  }
  const yaml = parseYamlWithPositions(display, source);
  if (yaml.issues.length > 0) throw new SourceValidationError(yaml.issues, 'config_invalid');
  const result = shopConfigSchema.safeParse(yaml.value);
  if (!result.success) {
    const issues: SourceIssue[] = result.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      // A bad key of a record (budgetRates) is reported at the key, with the key schema's own message.
      const key = issue.code === 'invalid_key';
      const message = (key ? issue.issues[0]?.message : undefined) ?? issue.message;
      return { pos: yaml.pos(path, { key }), message: `${path.join('.') || 'kaiwa.yaml'}: ${message}` };
    });
    throw new SourceValidationError(issues, 'config_invalid');
  }
  const config = result.data;
  const defaultLocale = config.shop.defaultLocale ?? config.shop.locales[0] ?? 'en';
  // A rate for the shop's own currency is 1 by definition: one written is a mistake (the wrong shop.currency?).
  const issues: SourceIssue[] = Object.keys(config.budgetRates)
    .filter((code) => code === config.shop.currency)
    .map((code) => ({
      pos: yaml.pos(['budgetRates', code], { key: true }),
      message: `budgetRates.${code}: ${code} is the shop currency (shop.currency); rates are for other currencies`,
    }));
  if (!config.shop.locales.includes(defaultLocale)) {
    issues.unshift({
      pos: yaml.pos(['shop', 'defaultLocale']),
      message: `shop.defaultLocale "${defaultLocale}" is not among shop.locales (${config.shop.locales.join(', ')})`,
    });
  }
  if (issues.length > 0) throw new SourceValidationError(issues, 'config_invalid');
  return { shop: { ...config, shop: { ...config.shop, defaultLocale } }, dir, file };
}

/** Validates the environment once, at boot. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): Env {
  // An empty value (`ADMIN_TOKEN=` copied from .env.example) means unset, not "".
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(set);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (see .env.example)`).join('\n'),
    );
  }
  return result.data;
}
