import { createHmac } from 'node:crypto';

import plugin from './index';
import { sampleBytes, WEBHOOK_ORDER_CREATED } from './test-fixtures';

const SECRET = 'square-signature-key';
const URL = 'https://salesgraph.example.com/channels/store-us/webhooks';
const settings = { notificationUrl: URL };
const body = sampleBytes(WEBHOOK_ORDER_CREATED);

/** Square's scheme, written out independently of the plugin: base64 HMAC-SHA256 of URL + body. */
const squareSig = (key: string, url: string, raw: Buffer) => createHmac('sha256', key).update(url + raw.toString('utf8')).digest('base64');
const salesgraphSig = (key: string, raw: Buffer) => `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;

const verify = (headers: Record<string, string>, options: { secret?: string | null; settings?: Record<string, unknown>; raw?: Buffer } = {}) =>
  plugin.verify({ headers, rawBody: options.raw ?? body, secret: options.secret === undefined ? SECRET : options.secret, settings: options.settings ?? settings });

describe("Square's signature (x-square-hmacsha256-signature)", () => {
  it('accepts base64 HMAC-SHA256 of the notification URL + body', () => {
    expect(verify({ 'x-square-hmacsha256-signature': squareSig(SECRET, URL, body) })).toEqual({ ok: true });
  });

  it('refuses a signature of the body alone, of another URL, with another key, or of another body', () => {
    for (const sig of [createHmac('sha256', SECRET).update(body).digest('base64'), squareSig(SECRET, `${URL}/`, body), squareSig('other', URL, body)]) {
      expect(verify({ 'x-square-hmacsha256-signature': sig })).toMatchObject({ ok: false });
    }
    expect(verify({ 'x-square-hmacsha256-signature': squareSig(SECRET, URL, body) }, { raw: Buffer.concat([body, Buffer.from(' ')]) })).toMatchObject({ ok: false });
  });

  it('refuses when the channel has no notificationUrl or no webhookSecret', () => {
    expect(verify({ 'x-square-hmacsha256-signature': squareSig(SECRET, URL, body) }, { settings: {} })).toEqual({ ok: false, reason: expect.stringContaining('notificationUrl') });
    expect(verify({ 'x-square-hmacsha256-signature': squareSig(SECRET, URL, body) }, { secret: null })).toEqual({ ok: false, reason: 'the channel has no webhookSecret' });
  });

  it('does not fall back to X-Salesgraph-Signature when the Square header is present but wrong', () => {
    expect(verify({ 'x-square-hmacsha256-signature': 'nope', 'x-salesgraph-signature': salesgraphSig(SECRET, body) })).toMatchObject({ ok: false });
  });
});

describe('X-Salesgraph-Signature (a connector pushing API responses)', () => {
  it('accepts sha256=<hex HMAC-SHA256 of the body>, without any notificationUrl', () => {
    expect(verify({ 'x-salesgraph-signature': salesgraphSig(SECRET, body) }, { settings: {} })).toEqual({ ok: true });
  });

  it('refuses a wrong one, and a delivery with no signature at all', () => {
    expect(verify({ 'x-salesgraph-signature': salesgraphSig('other', body) })).toMatchObject({ ok: false });
    expect(verify({})).toEqual({ ok: false, reason: expect.stringContaining('neither') });
  });
});

describe('deliveryId', () => {
  const id = (raw: Buffer | string) => plugin.deliveryId({ headers: {}, rawBody: Buffer.from(raw), secret: SECRET, settings });

  it("is the event's event_id", () => expect(id(body)).toBe('116038d3-2948-439f-8679-fc86dbf80f69'));
  it('is null for an API response, a body that is not JSON, or a non-string event_id', () => {
    expect([id('{"order":{}}'), id('not json'), id('[1]'), id('{"event_id": 42}'), id('{"event_id": " "}')]).toEqual([null, null, null, null, null]);
  });
});
