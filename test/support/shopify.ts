/**
 * Delivering the shared Shopify fixtures to a real gateway the way Shopify does: the bare object
 * of a REST fixture as the body, `X-Shopify-Topic`, `X-Shopify-Webhook-Id` and
 * `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the channel's secret).
 */
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';

import { FIXTURES, fixture } from '../../plugins/shopify/test-fixtures';
import { CreateChannelDocument } from '../../src/testing/generated/graphql';
import type { TestGateway } from '../../src/testing/test-gateway';
import { postRawWebhook, type WebhookAnswer } from './raw-webhook';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export const SHOPIFY_SECRET = 'shpss_test_client_secret';

/** Shopify's signature: base64 HMAC-SHA256 of the raw body. */
export function shopifyHmac(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export async function createShopifyChannel(t: TestGateway, code: string, currencyCode = 'USD'): Promise<void> {
  const res = await t.gql(CreateChannelDocument, {
    input: { code, name: `Shopify ${code}`, kind: 'STOREFRONT', plugin: 'shopify', currencyCode, webhookSecret: SHOPIFY_SECRET },
  });
  if (res.errors) throw new Error(`could not create channel ${code}: ${JSON.stringify(res.errors)}`);
}

export interface ShopifyDelivery {
  topic?: string | null;
  /** X-Shopify-Webhook-Id; a fresh one unless given (null: none). */
  deliveryId?: string | null;
  secret?: string;
  /** Sign these bytes instead of the body (a body changed after it was signed). */
  signedBody?: Buffer | string;
}

/** Sends a payload (an object, serialized as JSON, or the exact text or bytes) to a Shopify channel. */
export function sendShopify(t: TestGateway, channelCode: string, payload: unknown, options: ShopifyDelivery = {}): Promise<WebhookAnswer> {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': shopifyHmac(options.secret ?? SHOPIFY_SECRET, options.signedBody ?? body),
    'x-shopify-shop-domain': 'jsmith.myshopify.com',
  };
  if (options.topic !== null) headers['x-shopify-topic'] = options.topic ?? 'orders/updated';
  const deliveryId = options.deliveryId === undefined ? randomUUID() : options.deliveryId;
  if (deliveryId !== null) headers['x-shopify-webhook-id'] = deliveryId;
  return postRawWebhook(t, channelCode, body, headers);
}

export type ShopifyKind = 'order' | 'refund' | 'customer';

/** One shared fixture file of a kind the plugin takes, unwrapped to the bare webhook objects. */
export interface ShopifyFixture {
  file: string;
  kind: ShopifyKind;
  /** The topic Shopify sends such an object under. */
  topic: string;
  objects: Json[];
}

const ENVELOPES: Record<string, ShopifyKind> = { order: 'order', orders: 'order', refund: 'refund', customer: 'customer', customers: 'customer' };

function topicOf(file: string, kind: ShopifyKind): string {
  if (kind === 'refund') return 'refunds/create';
  if (kind === 'customer') return 'customers/create';
  if (/cancel/.test(file)) return 'orders/cancelled';
  return /create/.test(file) ? 'orders/create' : 'orders/updated';
}

/**
 * Every shared Shopify fixture the plugin takes (REST envelopes `{order}`, `{orders}`,
 * `{refund}`, `{customer}`, `{customers}`), in file-name order. Others (the transactions list)
 * are not webhooks of the plugin and are left out.
 */
export function shopifyWebhookFixtures(): ShopifyFixture[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file): ShopifyFixture[] => {
      const body = fixture(file);
      if (Array.isArray(body)) return [];
      const key = Object.keys(ENVELOPES).find((k) => k in body);
      if (!key) return [];
      const kind = ENVELOPES[key];
      const objects = Array.isArray(body[key]) ? (body[key] as Json[]) : [body[key] as Json];
      return [{ file, kind, topic: topicOf(file, kind), objects }];
    });
}

/** The files of the Shopify fixture folder that are not webhooks the plugin takes. */
export function otherShopifyFiles(): string[] {
  const taken = new Set(shopifyWebhookFixtures().map((f) => f.file));
  return fs.readdirSync(FIXTURES).filter((file) => file.endsWith('.json') && !taken.has(file)).sort();
}

/** A Shopify amount in shop money: the set's `shop_money.amount`, else the plain decimal string. */
export function shopAmount(holder: Json, key: string): string | undefined {
  return holder[`${key}_set`]?.shop_money?.amount ?? holder[key];
}

/** Exact decimal string → integer minor units (no floats), for an amount with `exponent` decimals. */
export function toMinor(amount: string | number, exponent: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount).trim());
  if (!match) throw new Error(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(exponent))) throw new Error(`"${amount}" has more than ${exponent} decimals`);
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  return sign ? -minor : minor;
}

/** Integer minor units → the decimal string the API shows ("598.94", "5980"). */
export function fromMinor(minor: bigint, exponent: number): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0n ? `-${text}` : text;
}
