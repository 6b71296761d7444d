import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';

/** Driver codes of a database out of reach or overloaded: PostgreSQL shutting down, refusing connections; SQLite locked. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY']);

/** True when the failure is the database being out of reach, which a caller should retry later. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; errno?: string; name?: string; message?: string } | null;
  if (!e) return false;
  if (e.name === 'ConnectionException' || (e.code && UNAVAILABLE_CODES.has(e.code))) return true;
  if (/^08/.test(e.code ?? '')) return true; // PostgreSQL connection exceptions
  if (/Connection terminated|Connection ended|connect ECONNREFUSED|database is locked|not currently accepting connections|the database system is (starting up|shutting down)/i.test(e.message ?? '')) return true;
  // no connection within the connect timeout (pg-pool), or none free in the ORM's pool (knex)
  if (/timeout exceeded when trying to connect|Timeout acquiring a connection/i.test(e.message ?? '')) return true;
  if (error instanceof DriverException && /connect|terminat|database is locked/i.test(e.message ?? '')) return true;
  return false;
}

/** True when a statement broke a unique index: a concurrent writer stored the same key first. */
function isUniqueViolation(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  const code = (error as { code?: string } | null)?.code ?? '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a transaction lost a race it may win when run again: a unique key, a deadlock, a serialization failure. */
export function isConflict(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return isUniqueViolation(error) || code === '40P01' || code === '40001';
}
