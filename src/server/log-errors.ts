import { DriverException } from '@mikro-orm/core';
import { stdSerializers } from 'pino';

/** The start of an SQL statement, as database drivers quote the failed one in their messages. */
const SQL_STATEMENT = /\b(?:insert\s+into|update\s+\S+\s+set|delete\s+from|select\s[\s\S]*?\sfrom|with\s+\S+\s+as\s*\()/i;
/** A quoted SQL literal: the drivers inline every bound value so, secrets and personal data included. */
const SQL_LITERAL = /'(?:[^']|'')*'/g;
/**
 * Fields of database errors that quote rows, data or parameters (PostgreSQL's detail "Failing row
 * contains (…)" and its context "JSON data, line 1: …").
 */
const VALUE_FIELDS = ['detail', 'where', 'internalQuery', 'parameters', 'params', 'bindings'];

/** A database error, or an error caused by one. */
function isDatabaseError(error: unknown, depth = 0): boolean {
  if (error instanceof DriverException) return true;
  const e = error as { severity?: unknown; routine?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.severity === 'string' && typeof e.routine === 'string') return true;
  if (typeof e.message === 'string' && SQL_STATEMENT.test(e.message)) return true;
  return depth < 4 && e.cause !== undefined && isDatabaseError(e.cause, depth + 1);
}

/** The serialized error (and those inside it) with SQL literals blanked and value fields dropped. */
function withoutValues(serialized: Record<string, unknown>, depth = 0): Record<string, unknown> {
  for (const key of ['message', 'stack']) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = text.replace(SQL_LITERAL, "'?'");
  }
  for (const key of VALUE_FIELDS) if (key in serialized) serialized[key] = '[redacted]';
  if (depth < 4) {
    for (const value of Object.values(serialized)) {
      if (Array.isArray(value)) value.forEach((item) => item && typeof item === 'object' && withoutValues(item, depth + 1));
      else if (value && typeof value === 'object') withoutValues(value as Record<string, unknown>, depth + 1);
    }
  }
  return serialized;
}

/**
 * pino's error serializer, but a database error is logged without the values of its statement:
 * drivers quote the failed statement with its parameters inlined (a channel's webhook secret, an
 * access token, a customer's e-mail), so its SQL literals become `'?'` and the fields that repeat
 * rows or parameters are dropped. The statement's shape, the reason and the stack stay.
 */
export function errorWithoutValues(error: unknown): unknown {
  const serialized = stdSerializers.err(error as Error) as unknown;
  if (!serialized || typeof serialized !== 'object' || !isDatabaseError(error)) return serialized;
  return withoutValues(serialized as Record<string, unknown>);
}
