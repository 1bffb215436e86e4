import { ConfigError } from '../../core/index.js';

/** Where DATABASE_URL points, for messages: host, port and database (never the password), and the user. */
function describeTarget(connectionString: string): { where: string; user: string | undefined } {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return {
      where: `${host}:${url.port || '5432'}/${decodeURIComponent(url.pathname.slice(1)) || '(default database)'}`,
      user: decodeURIComponent(url.username) || undefined,
    };
  } catch {
    return { where: 'the DATABASE_URL server', user: undefined };
  }
}

/**
 * Opening PostgreSQL failed: say what to fix (server down, wrong host, credentials, missing
 * database) as a ConfigError; anything else is rethrown as it came.
 */
export function connectError(error: unknown, connectionString: string): unknown {
  const { where, user } = describeTarget(connectionString);
  const code = (error as { code?: unknown } | undefined)?.code;
  const says = (message: string) => new ConfigError(`${message} (DATABASE_URL; see docs/deploy.md)`, { cause: error });
  switch (code) {
    case 'ECONNREFUSED':
      return says(`cannot reach PostgreSQL at ${where}: connection refused. Is it running, and on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return says(`cannot reach PostgreSQL at ${where}: the host name does not resolve`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return says(
        `cannot reach PostgreSQL at ${where}: ${code === 'ETIMEDOUT' ? 'the connection timed out' : 'no route to the host'}`,
      );
    case '28P01':
    case '28000':
      return says(
        `PostgreSQL at ${where} refused ${user ? `user "${user}"` : 'the login'}: ${(error as Error).message}`,
      );
    case '3D000':
      return says(`PostgreSQL at ${where}: ${(error as Error).message}. Create it first (createdb)`);
    default:
      return error;
  }
}
