import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '../../core/index.js';

/** Why a file-system call failed, in words a merchant can act on. */
export function fileProblem(error: unknown, path: string): string {
  switch ((error as { code?: unknown }).code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return `a file is in the way (a part of ${path} is a file, not a folder)`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'SQLITE_NOTADB':
      return 'the file is not a SQLite database';
    case 'SQLITE_CANTOPEN':
      return 'it cannot be opened (a folder, or a file without permission)';
    case 'SQLITE_READONLY':
      return 'it is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The SQLite file at `path` (its folder created), in WAL mode with secure_delete; a ConfigError naming the path if that fails. */
export function openSqliteFile(path: string): Database.Database {
  const problem = (error: unknown) =>
    new ConfigError(`cannot open the SQLite database ${path}: ${fileProblem(error, path)} (DATABASE_URL)`, {
      cause: error,
    });
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw problem(error);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    // The first statement reads the file: a file that is not a database fails here.
    db.pragma('journal_mode = WAL');
    // Deleted rows are overwritten with zeros, not left readable in free space (erasure, docs/security.md).
    db.pragma('secure_delete = ON');
    return db;
  } catch (error) {
    db?.close();
    throw problem(error);
  }
}
