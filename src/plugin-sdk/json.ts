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

/**
 * The same result through the engine's own `JSON.parse`, several times faster: numbers a double
 * cannot hold are first turned into strings of their digits. Undefined when the body needs the
 * exact parser: it is not JSON (for the exact parser's error message) or it writes a NUL.
 */
function parseFast(text: string): unknown {
  if (text.includes('\\u0000')) return undefined;
  const risky = riskyNumbers(text);
  let safe = text;
  if (risky.length) {
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < risky.length; i += 2) {
      parts.push(text.slice(at, risky[i]), '"', text.slice(risky[i], risky[i + 1]), '"');
      at = risky[i + 1];
    }
    parts.push(text.slice(at));
    safe = parts.join('');
  }
  try {
    return JSON.parse(safe) as unknown;
  } catch {
    return undefined;
  }
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTE = 34;
const BACKSLASH = 92;

function isNumberChar(c: number): boolean {
  // 0-9 . + - e E
  return (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69;
}

/**
 * Start and end offsets of the number tokens, outside strings, that a double cannot hold
 * exactly (only a token of 16 characters or more, or with an exponent, can be one).
 */
function riskyNumbers(text: string): number[] {
  const found: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // to the closing quote: the next quote not escaped by an odd run of backslashes
      let end = text.indexOf('"', i + 1);
      while (end > 0) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end < 0 ? n : end + 1;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      let exponent = false;
      for (i++; i < n && isNumberChar(text.charCodeAt(i)); i++) {
        const d = text.charCodeAt(i);
        if (d === 101 || d === 69) exponent = true;
      }
      if (i - start >= 16 || exponent) {
        const token = text.slice(start, i);
        // a token that is no JSON number stays as it is, for JSON.parse to refuse
        if (JSON_NUMBER.test(token) && !isSafeNumber(token)) found.push(start, i);
      }
    } else {
      i++;
    }
  }
  return found;
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
