import { isSafeNumber, parse } from 'lossless-json';

import { PayloadError } from './results';

/**
 * Parses a JSON body without losing digits: integers past 2^53 (real Shopify ids are) and
 * numbers a double cannot hold exactly are kept as their decimal strings; everything else is
 * what `JSON.parse` gives.
 * @throws PayloadError (path '') when the body is not JSON.
 * @example parseJsonPayload('{"id": 9007199254740993}') // { id: '9007199254740993' }
 */
export function parseJsonPayload(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return parse(
      text,
      (_key, value) => {
        // no text column can hold U+0000, and no channel sends it on purpose
        if (typeof value === 'string' && value.includes('\u0000')) throw new PayloadError('', 'a string in the body contains a NUL character (U+0000)');
        return value;
      },
      (digits) => (isSafeNumber(digits) ? Number(digits) : digits),
    );
  } catch (error) {
    if (error instanceof PayloadError) throw error;
    throw new PayloadError('', `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
