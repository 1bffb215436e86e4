import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/index.js';
import type { DatabaseTarget } from '../store/database-url.js';
import { fileProblem } from '../store/sqlite/open-database.js';

/** Several instances on PostgreSQL must sign demo payment links alike, so there the secret is required. */
export function requireDemoSecret(configured: string | undefined, target: DatabaseTarget): void {
  if (!configured && target.kind === 'postgres')
    throw new ConfigError(
      'DEMO_PAYMENT_SECRET is required with PostgreSQL (every instance must sign demo payment links alike); see .env.example',
    );
}

/**
 * The demo checkout's signing secret: DEMO_PAYMENT_SECRET, or else a random one kept beside the
 * SQLite file, so links survive restarts (checked with requireDemoSecret before the database opens).
 */
export function demoSecret(configured: string | undefined, target: DatabaseTarget): string {
  if (configured) return configured;
  requireDemoSecret(configured, target);
  const path = target.kind === 'sqlite' ? target.path : ':memory:';
  if (path === ':memory:') return randomBytes(32).toString('hex');
  const file = join(dirname(resolve(path)), '.demo-payment-secret');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  } catch (error) {
    throw new ConfigError(
      `cannot keep the demo checkout's secret in ${file}, beside the SQLite database: ${fileProblem(error, file)} (set DEMO_PAYMENT_SECRET, or another DATABASE_URL)`,
      { cause: error },
    );
  }
}
