import fs from 'node:fs';
import path from 'node:path';

import { parseJsonPayload, parseJsonPayloadExactly } from './json';
import { PayloadError } from './results';

const CHANNELS = path.resolve(__dirname, '../../../shared/fixtures/channels');

const samples = fs
  .readdirSync(CHANNELS)
  .flatMap((channel) => fs.readdirSync(path.join(CHANNELS, channel)).filter((f) => f.endsWith('.json')).map((f) => path.join(channel, f)));

describe('parseJsonPayload', () => {
  it('reads the shared samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(30);
  });

  it.each(samples)('gives what the exact parser gives for %s', (sample) => {
    const text = fs.readFileSync(path.join(CHANNELS, sample), 'utf8');
    expect(parseJsonPayload(text)).toStrictEqual(parseJsonPayloadExactly(text));
  });

  it.each([
    ['an id past 2^53', '{"id": 9007199254740993}', { id: '9007199254740993' }],
    ['a negative id past 2^53', '[-9007199254740993]', ['-9007199254740993']],
    ['an id a double holds', '{"id": 450789469}', { id: 450789469 }],
    ['a decimal with 17 digits', '{"a": 0.12345678901234567}', { a: '0.12345678901234567' }],
    ['a decimal with 15 digits', '{"a": 1234567.12345678}', { a: 1234567.12345678 }],
    ['trailing zeros', '{"a": 19.90, "b": 1.0}', { a: 19.9, b: 1 }],
    ['an exponent a double holds', '{"a": 1.5e3}', { a: 1500 }],
    ['an exponent past a double', '{"a": 1e400}', { a: '1e400' }],
    ['long digits inside a string', '{"gid": "gid://shopify/Order/820982911946154508", "n": 1}', { gid: 'gid://shopify/Order/820982911946154508', n: 1 }],
    ['escaped quotes before a long number', '{"s": "say \\"9007199254740993\\"", "id": 9007199254740993}', { s: 'say "9007199254740993"', id: '9007199254740993' }],
    ['minus zero', '[-0]', [-0]],
  ])('keeps %s', (_what, text, expected) => {
    expect(parseJsonPayload(text)).toStrictEqual(expected);
    expect(parseJsonPayload(text)).toStrictEqual(parseJsonPayloadExactly(text));
  });

  it.each([
    ['truncated', '{"id": 1, "lines": ['],
    ['not JSON', 'id=1&total=2'],
    ['a leading zero on a long number', '{"id": 01234567890123456789}'],
    ['a number glued to letters', '{"id": 12345678901234567abc}'],
    ['empty', ''],
  ])('refuses a body that is %s, saying it is not JSON', (_what, text) => {
    expect(() => parseJsonPayload(text)).toThrow(PayloadError);
    expect(() => parseJsonPayload(text)).toThrow(/body is not valid JSON/);
  });

  it('agrees with the exact parser on 2,000 damaged samples: the same value, or both refuse', () => {
    let seed = 20261123;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const texts = samples.map((sample) => fs.readFileSync(path.join(CHANNELS, sample), 'utf8'));
    const pieces = ['9007199254740993', '1e400', '0.12345678901234567', '"', '\\', ',', '-', '0', '}', '12345678901234567890'];
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const text = texts[random(texts.length)];
      const at = random(text.length);
      const damaged = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at + random(3));
      let exact: { value?: unknown; error?: string };
      try {
        exact = { value: parseJsonPayloadExactly(damaged) };
      } catch (error) {
        exact = { error: (error as Error).message };
      }
      // a key written twice: the exact parser refuses it, JSON.parse keeps the last value (documented)
      if (exact.error?.includes('Duplicate key')) continue;
      if (exact.error) expect(() => parseJsonPayload(damaged)).toThrow(exact.error);
      else expect(parseJsonPayload(damaged)).toStrictEqual(exact.value);
      compared++;
    }
    expect(compared).toBeGreaterThan(1900);
  });

  it('refuses a string holding NUL', () => {
    expect(() => parseJsonPayload('{"title": "a\\u0000b"}')).toThrow(/NUL character/);
  });

  it('reads a Buffer as UTF-8', () => {
    expect(parseJsonPayload(Buffer.from('{"title": "Grüner Tee", "id": 9007199254740993}'))).toStrictEqual({ title: 'Grüner Tee', id: '9007199254740993' });
  });
});
