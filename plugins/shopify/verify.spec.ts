import fs from 'node:fs';
import path from 'node:path';

import { hmacSha256Base64, type WebhookRequest } from '../../src/plugin-sdk';
import plugin from './index';
import { FIXTURES } from './test-fixtures';

const SECRET = 'hush-shopify-app-secret';
const body = fs.readFileSync(path.join(FIXTURES, 'rest-2026-07-order-create-fulfilled-customer-foo.json'));

function request(rawBody: Buffer, headers: Record<string, string>, secret: string | null = SECRET): WebhookRequest {
  return { rawBody, headers, secret, settings: {} };
}

const signed = { 'x-shopify-hmac-sha256': hmacSha256Base64(SECRET, body), 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' };

describe('X-Shopify-Hmac-Sha256', () => {
  it('a body signed with the channel secret verifies', () => {
    expect(plugin.verify(request(body, signed))).toEqual({ ok: true });
  });

  it('a tampered body fails', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"199.00"', '"1.00"'));
    expect(plugin.verify(request(tampered, signed))).toEqual({ ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' });
  });

  it('a signature made with another secret fails', () => {
    expect(plugin.verify(request(body, signed, 'another-secret')).ok).toBe(false);
  });

  it('a missing signature fails', () => {
    expect(plugin.verify(request(body, {}))).toEqual({ ok: false, reason: 'X-Shopify-Hmac-Sha256 is missing' });
  });

  it('a channel without a webhook secret accepts nothing', () => {
    expect(plugin.verify(request(body, signed, null)).ok).toBe(false);
  });
});

describe('X-Shopify-Webhook-Id', () => {
  it('is the delivery id, so a retried delivery is a duplicate', () => {
    expect(plugin.deliveryId(request(body, signed))).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
  });

  it('absent, there is no delivery id', () => {
    expect(plugin.deliveryId(request(body, {}))).toBeNull();
  });
});

describe('the plugin', () => {
  it('is the STOREFRONT plugin "shopify" for SDK ^1.0.0, with no settings', () => {
    expect([plugin.name, plugin.kind, plugin.version, plugin.sdk, plugin.settings]).toEqual(['shopify', 'STOREFRONT', '1.0.0', '^1.0.0', {}]);
  });
});
