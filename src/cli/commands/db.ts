import { Command } from 'commander';
import { loadEnv } from '../../config/load-config.js';
import { builtInStoreSlices } from '../../modules/index.js';
import { openStore } from '../../store/open-store.js';
import { reportError } from '../report-error.js';

export function dbCommand(): Command {
  const db = new Command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations to DATABASE_URL (kaiwa start also does this)')
    .action(async () => {
      try {
        const env = loadEnv();
        const { store, kind } = await openStore({
          url: env.DATABASE_URL,
          poolSize: 1,
          schema: env.DATABASE_SCHEMA,
          slices: builtInStoreSlices,
        });
        await store.close();
        console.log(`ok: the ${kind} database is migrated`);
      } catch (error) {
        reportError(error);
      }
    });
  return db;
}
