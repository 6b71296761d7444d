/**
 * The shared channel samples the webhook fuzz breaks, read in place from
 * ../shared/fixtures/channels/<channel>/, and the signatures their plugins check.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Json } from './fuzz';

export const CHANNEL_SAMPLES = path.resolve(__dirname, '../../../shared/fixtures/channels');

export function channelSample(channel: string, file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(CHANNEL_SAMPLES, channel, file), 'utf8')) as Json;
}

/** WooCommerce's `X-WC-Webhook-Signature`: base64 HMAC-SHA256 of the raw body. */
export function wooSignature(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** A sample and what it is, for the summary and the coverage check. */
export interface Sample {
  label: string;
  payload: Json;
}

/** WooCommerce order samples: the two webhooks, each order of the REST page alone, and the page. */
export function wooOrderSamples(): Sample[] {
  const list = channelSample('woocommerce', 'v3-orders-list-2.json') as Json[];
  return [
    { label: 'v3-order-create-processing-bacs-2lines-shipping', payload: channelSample('woocommerce', 'v3-order-create-processing-bacs-2lines-shipping.json') },
    { label: 'v3-order-update-completed', payload: channelSample('woocommerce', 'v3-order-update-completed.json') },
    ...list.map((o, i) => ({ label: `v3-orders-list-2[${i}]`, payload: o })),
    { label: 'v3-orders-list-2', payload: list },
  ];
}

/** Amazon SP-API: v0 getOrder / getOrderItems, the 2026 getOrder / searchOrders, ORDER_CHANGE. */
export function amazonSamples(): Sample[] {
  return [
    'v0-getOrder-sandbox-unshipped-usd',
    'v0-getOrderItems-sandbox-1item-tax-buyer-cancel',
    'v2026-getOrder-sandbox-us-no-buyer-tax-breakdown',
    'v2026-searchOrders-sandbox-jp-fba-2items-jpy-points-promo',
    'notification-ORDER_CHANGE-buyer-cancel',
  ].map((label) => ({ label, payload: channelSample('amazon-sp-api', `${label}.json`) }));
}

/** Square API responses a connector pushes: `{order}`, `{orders}` (built from the two order samples), `{payment}`, `{refund}`. */
export function squareResponseSamples(): Sample[] {
  const created = channelSample('square', 'orders-CreateOrderResponse.json') as { order: Json };
  const retrieved = channelSample('square', 'orders-RetrieveOrderResponse.json') as { order: Json };
  return [
    { label: 'orders-CreateOrderResponse', payload: created },
    { label: 'orders-RetrieveOrderResponse', payload: retrieved },
    { label: '{orders} of both', payload: { orders: [created.order, retrieved.order] } },
    { label: 'payments-CreatePaymentResponse', payload: channelSample('square', 'payments-CreatePaymentResponse.json') },
    { label: 'refunds-RefundPaymentResponse', payload: channelSample('square', 'refunds-RefundPaymentResponse.json') },
  ];
}

/** Sets every `key` anywhere in `value` (objects and arrays, at any depth) to what `to` gives. */
export function replaceKeys(value: Json, keys: readonly string[], to: (old: Json) => Json): void {
  if (Array.isArray(value)) value.forEach((v) => replaceKeys(v, keys, to));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (keys.includes(k) && (typeof v === 'string' || typeof v === 'number')) value[k] = to(v);
      else replaceKeys(v, keys, to);
    }
  }
}
