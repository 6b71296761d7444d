/** X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body) and X-WC-Webhook-Delivery-ID. */
import fs from 'node:fs';
import path from 'node:path';

import { hmacSha256Base64, hmacSha256Hex, type WebhookRequest } from '../../src/plugin-sdk';
import plugin from './index';
import { ORDER_CREATED, SAMPLES } from './test-fixtures';

const SECRET = 'wc-webhook-secret';
const body = fs.readFileSync(path.join(SAMPLES, ORDER_CREATED));

function request(headers: Record<string, string>, rawBody: Buffer = body, secret: string | null = SECRET): WebhookRequest {
  return { headers, rawBody, secret, settings: {} };
}

const signed = (rawBody: Buffer, secret = SECRET) => ({ 'x-wc-webhook-signature': hmacSha256Base64(secret, rawBody), 'x-wc-webhook-topic': 'order.created' });

it("accepts WooCommerce's signature of the exact body", () => {
  expect(plugin.verify(request(signed(body)))).toEqual({ ok: true });
});

it('refuses a tampered body', () => {
  const tampered = Buffer.from(body.toString('utf8').replace('"total": "29.35"', '"total": "2.35"'));
  expect(tampered.equals(body)).toBe(false);
  expect(plugin.verify(request(signed(body), tampered))).toEqual({ ok: false, reason: 'X-WC-Webhook-Signature does not match the body' });
});

it('refuses a signature made with another secret', () => {
  expect(plugin.verify(request(signed(body, 'another-secret')))).toEqual({ ok: false, reason: 'X-WC-Webhook-Signature does not match the body' });
});

it('refuses a delivery without a signature', () => {
  expect(plugin.verify(request({ 'x-wc-webhook-topic': 'order.created' }))).toEqual({ ok: false, reason: 'X-WC-Webhook-Signature is missing' });
});

it('refuses every delivery on a channel without a webhookSecret', () => {
  expect(plugin.verify(request(signed(body), body, null))).toEqual({ ok: false, reason: 'the channel has no webhookSecret' });
});

it("accepts a connector's X-Salesgraph-Signature, and refuses a wrong one", () => {
  expect(plugin.verify(request({ 'x-salesgraph-signature': `sha256=${hmacSha256Hex(SECRET, body)}` }))).toEqual({ ok: true });
  expect(plugin.verify(request({ 'x-salesgraph-signature': `sha256=${hmacSha256Hex('nope', body)}` }))).toMatchObject({ ok: false });
});

it('takes X-WC-Webhook-Delivery-ID as the delivery id, or none', () => {
  expect(plugin.deliveryId(request({ 'x-wc-webhook-delivery-id': ' 0f1e2d3c4b5a ' }))).toBe('0f1e2d3c4b5a');
  expect(plugin.deliveryId(request({}))).toBeNull();
});
