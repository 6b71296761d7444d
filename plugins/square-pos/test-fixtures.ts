/**
 * Test helpers shared by the square-pos specs (excluded from the build, as
 * `plugins/*\/test-fixtures.ts` is): the shared Square samples, read where they are, and
 * deliveries to the plugin.
 */
import fs from 'node:fs';
import path from 'node:path';

import { formatMinor, parseJsonPayload, type ChannelRecord, type Money, type NormalizeResult, type OrderRecord } from '../../src/plugin-sdk';
import plugin from './index';

/** The vendor's samples (Square API reference examples), shared by the project: never copied nor edited. */
export const SAMPLES = path.resolve(__dirname, '../../../shared/fixtures/channels/square');

export const CREATE_ORDER = 'orders-CreateOrderResponse.json';
export const RETRIEVE_ORDER = 'orders-RetrieveOrderResponse.json';
export const SEARCH_ORDERS = 'orders-SearchOrdersResponse.json';
export const CUSTOMER = 'customers-RetrieveCustomerResponse.json';
export const PAYMENT = 'payments-CreatePaymentResponse.json';
export const REFUND = 'refunds-RefundPaymentResponse.json';
export const WEBHOOK_CUSTOMER_CREATED = 'webhook-customer.created.json';
export const WEBHOOK_ORDER_CREATED = 'webhook-order.created.json';
export const WEBHOOK_ORDER_UPDATED = 'webhook-order.updated.json';
export const WEBHOOK_PAYMENT_UPDATED = 'webhook-payment.updated.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A sample, parsed as the gateway parses bodies. */
export function sample(file: string): Json {
  return parseJsonPayload(fs.readFileSync(path.join(SAMPLES, file))) as Json;
}

/** A sample's exact bytes, to post as a webhook body. */
export function sampleBytes(file: string): Buffer {
  return fs.readFileSync(path.join(SAMPLES, file));
}

/** A deep copy of a sample with some fields changed: the samples themselves are never edited. */
export function variant(file: string, change: (copy: Json) => void): Json {
  const copy = JSON.parse(JSON.stringify(sample(file))) as Json;
  change(copy);
  return copy;
}

/** The RetrieveOrder sample's order as the API would answer for another id (the webhook samples' order). */
export function retrievedOrder(id: string, change: (order: Json) => void = () => {}): Json {
  return variant(RETRIEVE_ORDER, (copy) => {
    copy.order.id = id;
    change(copy.order);
  });
}

/** What enrich hands normalize for an order event: the fetched order and the event. */
export function enriched(eventFile: string, change: (order: Json) => void = () => {}): Json {
  const event = sample(eventFile);
  return { order: retrievedOrder(event.data.id, change).order, event };
}

/** Delivers a payload to normalize as the gateway would (after enrich), on a USD channel. */
export function deliver(payload: unknown, currencyCode = 'USD'): NormalizeResult {
  return plugin.normalize({ payload, headers: {}, channel: { code: 'square-test', currencyCode, settings: {} } });
}

export function recordsOf(result: NormalizeResult): ChannelRecord[] {
  if (result.outcome !== 'record') throw new Error(`expected records, got ${JSON.stringify(result)}`);
  return result.records;
}

export function orderOf(result: NormalizeResult): OrderRecord {
  const records = recordsOf(result);
  if (records.length !== 1 || records[0].kind !== 'order') throw new Error(`expected one order, got ${JSON.stringify(records)}`);
  return records[0];
}

/** "5.50 USD". */
export const show = (money: Money): string => `${formatMinor(money.minor, money.currency)} ${money.currency}`;
