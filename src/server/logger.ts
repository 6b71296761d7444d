import pino, { type DestinationStream, type Logger } from 'pino';

import { errorWithoutValues } from './log-errors';

/**
 * Structured JSON logs on stdout; secrets and keys never reach them: fields that hold them are
 * redacted, and database errors are logged without the values of their statement.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'salesgraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorWithoutValues },
    redact: {
      paths: ['req.headers.authorization', '*.webhookSecret', '*.settings', '*.key', '*.secret'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
