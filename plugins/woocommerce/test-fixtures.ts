/**
 * Test helpers shared by the woocommerce specs (excluded from the build, as
 * `plugins/*\/test-fixtures.ts` is): the shared WooCommerce samples, read where they are, and
 * deliveries to the plugin.
 */
import fs from 'node:fs';
import path from 'node:path';

import { formatMinor, parseJsonPayload, type ChannelRecord, type Money, type NormalizeResult, type OrderRecord } from '../../src/plugin-sdk';
import plugin from './index';

/** The vendor's samples (woocommerce/woocommerce-rest-api-docs), shared by the project: never copied nor edited. */
export const SAMPLES = path.resolve(__dirname, '../../../shared/fixtures/channels/woocommerce');

/** A sample, parsed as the gateway parses bodies. */
export function sample(file: string): unknown {
  return parseJsonPayload(fs.readFileSync(path.join(SAMPLES, file)));
}

/** A sample as plain JSON, to read the source values the tests compare with. */
export function raw<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8')) as T;
}

export const ORDER_CREATED = 'v3-order-create-processing-bacs-2lines-shipping.json';
export const ORDER_COMPLETED = 'v3-order-update-completed.json';
export const ORDERS_PAGE = 'v3-orders-list-2.json';
export const REFUND = 'v3-refund-create.json';
export const CUSTOMER = 'v3-customer-get.json';

/** The headers each sample arrives with. */
export const HEADERS: Readonly<Record<string, Record<string, string>>> = {
  [ORDER_CREATED]: { 'x-wc-webhook-topic': 'order.created' },
  [ORDER_COMPLETED]: { 'x-wc-webhook-topic': 'order.updated' },
  [ORDERS_PAGE]: {}, // a REST page pushed by a connector, without a topic: read by its shape
  [REFUND]: { 'x-salesgraph-topic': 'refund.created' },
  [CUSTOMER]: { 'x-wc-webhook-topic': 'customer.updated' },
};

/** A deep copy of a sample with some fields changed: the samples themselves are never edited. */
export function variant(file: string, change: (order: Record<string, any>) => void): Record<string, any> {
  const copy = structuredClone(sample(file)) as Record<string, any>;
  change(copy);
  return copy;
}

/** Delivers a payload to normalize as the gateway would, on a USD channel without settings. */
export function deliver(payload: unknown, headers: Record<string, string> = { 'x-wc-webhook-topic': 'order.updated' }, currencyCode = 'USD'): NormalizeResult {
  return plugin.normalize({ payload, headers, channel: { code: 'woo-test', currencyCode, settings: {} } });
}

export function recordsOf(result: NormalizeResult): ChannelRecord[] {
  if (result.outcome !== 'record') throw new Error(`expected records, got ${JSON.stringify(result)}`);
  return result.records;
}

export function ordersOf(result: NormalizeResult): OrderRecord[] {
  return recordsOf(result).map((r) => {
    if (r.kind !== 'order') throw new Error(`expected an order, got ${r.kind}`);
    return r;
  });
}

export function orderOf(result: NormalizeResult): OrderRecord {
  const orders = ordersOf(result);
  if (orders.length !== 1) throw new Error(`expected one order, got ${orders.length}`);
  return orders[0];
}

/** "29.35 USD". */
export const show = (money: Money): string => `${formatMinor(money.minor, money.currency)} ${money.currency}`;
