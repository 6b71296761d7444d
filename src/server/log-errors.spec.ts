import { Writable } from 'node:stream';

import { DriverException, NotNullConstraintViolationException } from '@mikro-orm/core';

import { createLogger } from './logger';

const SECRET = 'whsec_3f9a7c1e_never_logged';

/** What one error logged as `err` looks like in the log, as text. */
function logged(error: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  createLogger('info', sink).error({ err: error }, 'unexpected error');
  return out;
}

/** A database error as the PostgreSQL driver raises it through the ORM: the statement with its values inlined. */
function driverError(): DriverException {
  const cause = Object.assign(
    new Error(`update "channel" set "webhook_secret" = '${SECRET}', "updated_at" = '2026-11-24T02:23:41.027Z' where "id" = 1 - value too long for type character varying(500)`),
    { code: '22001', severity: 'ERROR', routine: 'varchar' },
  );
  return new DriverException(cause);
}

describe('logged errors', () => {
  it('keep a database error without the values of its statement', () => {
    const line = logged(driverError());
    expect(line).not.toContain(SECRET);
    expect(JSON.parse(line).err).toMatchObject({
      type: 'DriverException',
      code: '22001',
      message: `update "channel" set "webhook_secret" = '?', "updated_at" = '?' where "id" = 1 - value too long for type character varying(500)`,
    });
  });

  it('drop the row and the data a database error quotes', () => {
    const cause = Object.assign(new Error(`insert into "channel" ("code", "webhook_secret") values (null, '${SECRET}') - null value in column "code"`), {
      severity: 'ERROR',
      routine: 'ExecConstraints',
      detail: `Failing row contains (7, null, ${SECRET}).`,
      where: `JSON data, line 1: {"accessToken":"${SECRET}...`,
    });
    const line = logged(new NotNullConstraintViolationException(cause));
    expect(line).not.toContain(SECRET);
    expect(JSON.parse(line).err).toMatchObject({ detail: '[redacted]', where: '[redacted]' });
  });

  it('scrub a database error that caused another one', () => {
    const line = logged(new Error('could not store the channel', { cause: driverError() }));
    expect(line).not.toContain(SECRET);
    expect(line).toContain('value too long');
  });

  it('leave other errors as they are', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'total')");
    expect(JSON.parse(logged(error)).err.message).toBe("Cannot read properties of undefined (reading 'total')");
  });
});
