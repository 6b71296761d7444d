/**
 * Test helpers shared by the amazon-sp-api specs (excluded from the build, as
 * `plugins/*\/test-fixtures.ts` is): the shared Amazon samples, read where they are, and
 * deliveries to the plugin.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
  defineChannelPlugin,
  formatMinor,
  parseJsonPayload,
  skip,
  type ChannelContext,
  type ChannelPlugin,
  type ChannelRecord,
  type Money,
  type NormalizeResult,
  type OrderPartRecord,
  type OrderRecord,
} from '../../src/plugin-sdk';
import plugin from './index';

/** The vendor's samples (amzn/selling-partner-api-models sandbox answers), shared by the project: never copied nor edited. */
export const SAMPLES = path.resolve(__dirname, '../../../shared/fixtures/channels/amazon-sp-api');

export const ORDER_CHANGE = 'notification-ORDER_CHANGE-buyer-cancel.json';
export const GET_ORDER = 'v0-getOrder-sandbox-unshipped-usd.json';
export const GET_ADDRESS = 'v0-getOrderAddress-sandbox-commercial.json';
export const GET_BUYER = 'v0-getOrderBuyerInfo-sandbox.json';
export const GET_ITEMS = 'v0-getOrderItems-sandbox-1item-tax-buyer-cancel.json';
export const GET_ORDERS = 'v0-getOrders-sandbox-2-unshipped-mfn.json';
export const GET_ORDERS_PENDING = 'v0-getOrders-sandbox-pending-nexttoken.json';
export const GET_ORDER_2026 = 'v2026-getOrder-sandbox-us-no-buyer-tax-breakdown.json';
export const SEARCH_ORDERS_2026 = 'v2026-searchOrders-sandbox-jp-fba-2items-jpy-points-promo.json';

/** A sample, parsed as the gateway parses bodies. */
export function sample(file: string): unknown {
  return parseJsonPayload(fs.readFileSync(path.join(SAMPLES, file)));
}

/** A sample's text, exactly as the file holds it (what a connector would push). */
export function sampleText(file: string): string {
  return fs.readFileSync(path.join(SAMPLES, file), 'utf8');
}

/** A sample as plain JSON, to read the source values the tests compare with. */
export function raw<T = Record<string, any>>(file: string): T {
  return JSON.parse(sampleText(file)) as T;
}

/** A deep copy of a sample with some fields changed: the samples themselves are never edited. */
export function variant(file: string, change: (body: Record<string, any>) => void): Record<string, any> {
  const copy = raw(file);
  change(copy);
  return copy;
}

export const CHANNEL: ChannelContext = { code: 'amazon-test', currencyCode: 'USD', settings: {} };

/** Delivers a payload to normalize as the gateway would (no headers: the plugin routes by shape). */
export function deliver(payload: unknown, channel: ChannelContext = CHANNEL): NormalizeResult {
  return plugin.normalize({ payload, headers: {}, channel });
}

export function recordsOf(result: NormalizeResult): ChannelRecord[] {
  if (result.outcome !== 'record') throw new Error(`expected records, got ${JSON.stringify(result)}`);
  return result.records;
}

export function partsOf(result: NormalizeResult): OrderPartRecord[] {
  return recordsOf(result).map((r) => {
    if (r.kind !== 'orderPart') throw new Error(`expected an order part, got ${r.kind}`);
    return r;
  });
}

export function ordersOf(result: NormalizeResult): OrderRecord[] {
  return recordsOf(result).map((r) => {
    if (r.kind !== 'order') throw new Error(`expected an order, got ${r.kind}`);
    return r;
  });
}

/** The parts of one order, by name, as the gateway keeps them (the latest of each), from deliveries. */
export function partsFrom(...payloads: unknown[]): Record<string, Record<string, unknown>> {
  const kept: Record<string, Record<string, unknown>> = {};
  for (const payload of payloads) {
    for (const part of partsOf(deliver(payload))) (kept[part.orderExternalId] ??= {})[part.part] = part.data;
  }
  return kept;
}

/** Assembles one order from its parts as the gateway would. */
export function assemble(parts: Record<string, unknown>, orderExternalId: string, channel: ChannelContext = CHANNEL): NormalizeResult | null {
  return plugin.assemble!(parts, orderExternalId, channel);
}

/** The assembled order (throws unless assemble gave exactly one). */
export function assembled(parts: Record<string, unknown>, orderExternalId: string, channel: ChannelContext = CHANNEL): OrderRecord {
  const result = assemble(parts, orderExternalId, channel);
  if (result === null) throw new Error('assemble is still waiting for parts');
  const orders = ordersOf(result);
  if (orders.length !== 1) throw new Error(`expected one order, got ${orders.length}`);
  return orders[0];
}

/**
 * The plugin's `assemble` seen through `normalize`, so that the conformance kit can check the
 * joined v0 orders: the payload is `{order, items, buyer?, address?}`, the parts as kept; null
 * (still waiting for a part) is a skip. Everything else is the plugin's own result.
 */
export function assemblingPlugin(orderExternalId: string): ChannelPlugin {
  return defineChannelPlugin({
    name: 'amazon-sp-api-assembled',
    kind: 'MARKETPLACE',
    version: plugin.version,
    sdk: plugin.sdk,
    description: 'amazon-sp-api assemble, for the conformance kit',
    normalize({ payload, channel }) {
      const parts = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
      return plugin.assemble!(parts, orderExternalId, channel) ?? skip('waiting for the order and items parts');
    },
  });
}

/** "11.01 USD". */
export const show = (money: Money): string => `${formatMinor(money.minor, money.currency)} ${money.currency}`;

/**
 * getOrderItems of one order over two pages (Amazon's NextToken), in Amazon's format, built from
 * the sample item: "10.00" + "1.01" tax split as 6.00 + 0.61 on page 1 and 4.00 + 0.40 on page 2,
 * so the merged items add up to the sample getOrders' OrderTotal of 11.01 USD. No buyer cancel.
 */
export function pagedItems(amazonOrderId: string, nextToken: string): [Record<string, any>, Record<string, any>] {
  const item = (id: string, sku: string, price: string, tax: string) => {
    const copy = { ...raw(GET_ITEMS).payload.OrderItems[0] };
    delete copy.BuyerRequestedCancel;
    return { ...copy, OrderItemId: id, SellerSKU: sku, Title: `${sku} [pull test]`, ItemPrice: { CurrencyCode: 'USD', Amount: price }, ItemTax: { CurrencyCode: 'USD', Amount: tax } };
  };
  return [
    { payload: { AmazonOrderId: amazonOrderId, NextToken: nextToken, OrderItems: [item('61000000000001', 'PULL-A', '6.00', '0.61')] } },
    { payload: { AmazonOrderId: amazonOrderId, OrderItems: [item('61000000000002', 'PULL-B', '4.00', '0.40')] } },
  ];
}

/** getOrderItems of a Pending order as Amazon documents it: the sample item without any price. */
export function unpricedItems(amazonOrderId: string): Record<string, any> {
  const item = { ...raw(GET_ITEMS).payload.OrderItems[0] };
  for (const key of ['ItemPrice', 'ItemTax', 'PromotionDiscount', 'BuyerRequestedCancel']) delete item[key];
  return { payload: { AmazonOrderId: amazonOrderId, OrderItems: [item] } };
}
