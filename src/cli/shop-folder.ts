import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError } from '../core/index.js';

/**
 * What `[dir]` says in help: as start, chat, validate and test show it. (No commander default here, so
 * shopFolder can tell a folder given from none.)
 */
const shopDirDescription = 'shop folder (default: ".")';

/**
 * `--shop <dir>`: how `kaiwa orders` and `kaiwa privacy` took the shop folder before `[dir]`.
 * Kept so scripts go on working; documented as deprecated.
 */
export function deprecatedShopOption(): Option {
  return new Option('--shop <dir>', 'deprecated: the shop folder, now the [dir] argument');
}

/** A subcommand's trailing `[dir]` and the deprecated `--shop <dir>`, as one folder (default `.`). */
export function withShopDir(command: Command): Command {
  return command.argument('[dir]', shopDirDescription).addOption(deprecatedShopOption());
}

/**
 * The shop folder from `[dir]` and `--shop`: either one, or both when they name the same folder.
 * Two different folders are refused rather than one silently winning.
 */
export function shopFolder(dir: string | undefined, shop: string | undefined): string {
  if (dir !== undefined && shop !== undefined && resolve(dir) !== resolve(shop))
    throw new ConfigError(
      `two shop folders given: "${dir}" and --shop "${shop}"; give it once, as the [dir] argument (--shop is deprecated)`,
    );
  return dir ?? shop ?? '.';
}
