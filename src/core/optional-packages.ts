import { ConfigError } from './errors.js';

/**
 * Checks, at boot, that the packages an enabled feature needs are installed: SDKs most shops do not
 * need (WhatsApp Web, Bot Framework, PayPay) are optional peer dependencies, so a shop installs them
 * only when it turns the feature on. Missing ones are a ConfigError with the `npm install` to run.
 */
export function requirePackages(
  feature: string,
  names: readonly string[],
  resolve: (name: string) => unknown = (name) => import.meta.resolve(name),
): void {
  const missing = names.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0)
    throw new ConfigError(
      `${feature} needs ${missing.length === 1 ? 'the package' : 'the packages'} ${missing.join(', ')}, not installed in this project: npm install ${missing.join(' ')}`,
    );
}
