import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LineCounter } from 'yaml';
import { unresolvedAliases } from '../flows/parse-yaml.js';
import { parseShopYaml } from '../flows/yaml-document.js';
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
  const lineCounter = new LineCounter();
  const document = parseShopYaml(source, { lineCounter });
  const at = (offset: number) => ({
    file: display,
    line: lineCounter.linePos(offset).line,
    column: lineCounter.linePos(offset).col,
  });
  const errors = [...document.errors, ...unresolvedAliases(document)];
  if (errors.length > 0) {
    throw new SourceValidationError(
      errors.map((error) => ({ pos: at(error.pos[0]), message: error.message.split('\n')[0] ?? '' })),
      'config_invalid',
    );
  }
  const result = shopConfigSchema.safeParse(document.toJS());
  if (!result.success) {
    const issues: SourceIssue[] = result.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const parent = document.getIn(path.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
      return { pos: at(offset), message: `${path.join('.') || 'kaiwa.yaml'}: ${issue.message}` };
    });
    throw new SourceValidationError(issues, 'config_invalid');
  }
  const config = result.data;
  const defaultLocale = config.shop.defaultLocale ?? config.shop.locales[0] ?? 'en';
  if (!config.shop.locales.includes(defaultLocale)) {
    throw new SourceValidationError(
      [
        {
          pos: at(0),
          message: `shop.defaultLocale "${defaultLocale}" is not among shop.locales (${config.shop.locales.join(', ')})`,
        },
      ],
      'config_invalid',
    );
  }
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
