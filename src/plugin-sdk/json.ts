import { isSafeNumber, parse } from 'lossless-json';

import { PayloadError } from './results';

/**
 * Parses a JSON body without losing digits: integers past 2^53 (real Shopify ids are) and
 * numbers a double cannot hold exactly are kept as their decimal strings; everything else is
 * what `JSON.parse` gives (a key written twice keeps its last value).
 * @throws PayloadError (path '') when the body is not JSON.
 * @example parseJsonPayload('{"id": 9007199254740993}') // { id: '9007199254740993' }
 */
export function parseJsonPayload(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return parseFast(text) ?? parseExact(text);
}

/** A number a double may not hold exactly has 16 or more digits, or an exponent. */
const RISKY_NUMBER = /[\d.]{16}|\d[eE]/;
/** A JSON string (skipped whole) or a JSON number. */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The same result through the engine's own `JSON.parse`, several times faster: numbers a double
 * cannot hold are first turned into strings of their digits. Undefined when the body needs the
 * exact parser: it is not JSON (for the exact parser's error message) or it writes a NUL.
 */
function parseFast(text: string): unknown {
  if (text.includes('\\u0000')) return undefined;
  const safe = RISKY_NUMBER.test(text)
    ? text.replace(STRING_OR_NUMBER, (token) =>
        token.charCodeAt(0) === 34 /* " */ || (token.length < 16 && !/[eE]/.test(token)) || isSafeNumber(token) ? token : `"${token}"`,
      )
    : text;
  try {
    return JSON.parse(safe) as unknown;
  } catch {
    return undefined;
  }
}

/** lossless-json: exact numbers, NUL refused, and a clear message for what is not JSON. */
function parseExact(text: string): unknown {
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

/** @internal The exact parser alone, for tests that compare both paths. */
export const parseJsonPayloadExactly = parseExact;
