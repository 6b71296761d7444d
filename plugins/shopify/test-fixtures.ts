/**
 * The shared Shopify fixtures, for this plugin's tests: read where they are (never copied), parsed
 * as the gateway parses bodies, and unwrapped from Shopify's REST envelopes to the bare object a
 * webhook sends.
 */
import fs from 'node:fs';
import path from 'node:path';

import { parseJsonPayload, type ChannelRecord, type NormalizeResult, type OrderRecord } from '../../src/plugin-sdk';
import plugin from './index';

export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/channels/shopify');

/** A JSON object of a fixture, loosely typed so a test can change any field of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A fixture file as parsed JSON. */
export function fixture(file: string): Json {
  return parseJsonPayload(fs.readFileSync(path.join(FIXTURES, file))) as Json;
}

/** The bare objects of a REST fixture: `{order}`, `{refund}`, `{customer}` give one, `{orders}`, `{customers}` each element. */
export function bareObjects(file: string): Json[] {
  const body = fixture(file);
  for (const key of ['order', 'refund', 'customer', 'orders', 'customers']) {
    if (key in body) return Array.isArray(body[key]) ? (body[key] as Json[]) : [body[key] as Json];
  }
  throw new Error(`${file} holds no order, refund or customer`);
}

/** The one bare object of a fixture. */
export function bareObject(file: string): Json {
  return bareObjects(file)[0];
}

/** Delivers a payload to the plugin's normalize as the gateway would, with a topic. */
export function deliver(payload: unknown, topic: string | null, currencyCode = 'USD'): NormalizeResult {
  const headers = topic === null ? {} : { 'x-shopify-topic': topic };
  return plugin.normalize({ payload, headers, channel: { code: 'shop', currencyCode, settings: {} } });
}

/** The records of a result; fails the test with the reason when it is not a record. */
export function recordsOf(result: NormalizeResult): ChannelRecord[] {
  if (result.outcome !== 'record') throw new Error(`expected a record, got ${JSON.stringify(result)}`);
  return result.records;
}

/** The one order of an `orders/*` delivery. */
export function orderOf(payload: unknown, topic = 'orders/updated'): OrderRecord {
  const [record] = recordsOf(deliver(payload, topic));
  if (record.kind !== 'order') throw new Error(`expected an order, got a ${record.kind}`);
  return record;
}

/** A deep copy of a fixture's bare object, to change one field for a test. */
export function variantOf(file: string, change: (order: Json) => void): Json {
  const copy = structuredClone(bareObject(file));
  change(copy);
  return copy;
}
