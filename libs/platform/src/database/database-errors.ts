import type { AppConfig } from '../config';

const CONNECTION_HINTS: Record<string, string> = {
  ER_ACCESS_DENIED_ERROR: 'access denied: check the user and password in DATABASE_URL (or DB_USER/DB_PASSWORD)',
  ER_DBACCESS_DENIED_ERROR: 'the user may not use this database: grant it access or change DB_NAME',
  ECONNREFUSED: 'nothing is listening there: start MariaDB/MySQL or fix the host and port',
  ENOTFOUND: 'the host name does not resolve: fix the host in DATABASE_URL (or DB_HOST)',
  ETIMEDOUT: 'the connection timed out: is the server reachable from here?',
  ER_BAD_DB_ERROR: 'the database does not exist: run `npm run migrate`, which creates it',
};

/** A one-line, actionable description of a failure to reach the database (no stack trace). */
export function describeDatabaseError(error: unknown, database: AppConfig['database']): string {
  const code = (error as { code?: string })?.code ?? '';
  const where = `${database.user}@${database.host}:${database.port}/${database.name}`;
  const hint = CONNECTION_HINTS[code] ?? (error instanceof Error ? error.message : String(error));
  return `Cannot use the database ${where}: ${hint}`;
}

export function isDatabaseConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code in CONNECTION_HINTS;
}
