import crypto from 'node:crypto';

import { hmacSha256Base64, hmacSha256Hex, signaturesMatch, verifySalesgraphSignature } from './signatures';

const SECRET = 'whsec_signatures_spec';
const BODY = Buffer.from('{"id":"1001","total":"30.00"}');

afterEach(() => jest.restoreAllMocks());

describe('signaturesMatch', () => {
  it('accepts the expected signature, surrounding spaces aside', () => {
    const expected = hmacSha256Base64(SECRET, BODY);
    expect(signaturesMatch(expected, expected)).toBe(true);
    expect(signaturesMatch(expected, ` ${expected} `)).toBe(true);
  });

  it('refuses a signature that differs in one character', () => {
    const expected = hmacSha256Hex(SECRET, BODY);
    const last = expected.at(-1) === '0' ? '1' : '0';
    expect(signaturesMatch(expected, `${expected.slice(0, -1)}${last}`)).toBe(false);
  });

  it('refuses a missing, empty, shorter or longer signature', () => {
    const expected = hmacSha256Hex(SECRET, BODY);
    for (const given of [undefined, null, '', expected.slice(0, -1), `${expected}0`]) expect(signaturesMatch(expected, given)).toBe(false);
  });

  it('compares equal-length signatures with crypto.timingSafeEqual, never by string equality', () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    const expected = hmacSha256Hex(SECRET, BODY);
    signaturesMatch(expected, expected);
    signaturesMatch(expected, expected.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    expect(compare).toHaveBeenCalledTimes(2);
  });
});

describe('verifySalesgraphSignature', () => {
  it('accepts sha256=<hex HMAC-SHA256 of the raw body> made with the channel secret', () => {
    expect(verifySalesgraphSignature(SECRET, BODY, `sha256=${hmacSha256Hex(SECRET, BODY)}`)).toBe(true);
  });

  it('refuses another secret, another body, the bare hex and a channel without a secret', () => {
    const good = `sha256=${hmacSha256Hex(SECRET, BODY)}`;
    expect(verifySalesgraphSignature('another secret', BODY, good)).toBe(false);
    expect(verifySalesgraphSignature(SECRET, Buffer.from(`${BODY} `), good)).toBe(false);
    expect(verifySalesgraphSignature(SECRET, BODY, hmacSha256Hex(SECRET, BODY))).toBe(false);
    expect(verifySalesgraphSignature(null, BODY, good)).toBe(false);
  });
});
