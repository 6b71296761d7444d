/**
 * The amazon-sp-api plugin on the shared Amazon samples (read where they are, never copied):
 * the SDK conformance kit on every sample as normalize sees it, then on the v0 orders that
 * `assemble` joins from the samples' parts.
 */
import fs from 'node:fs';

import { checkConformance, describeConformance, type ConformanceCase } from '../../src/plugin-sdk/testing';
import plugin from './index';
import {
  assemblingPlugin,
  GET_ADDRESS,
  GET_BUYER,
  GET_ITEMS,
  GET_ORDER,
  GET_ORDER_2026,
  GET_ORDERS,
  GET_ORDERS_PENDING,
  ORDER_CHANGE,
  partsFrom,
  sample,
  SAMPLES,
  SEARCH_ORDERS_2026,
  variant,
} from './test-fixtures';

const files = fs
  .readdirSync(SAMPLES)
  .filter((file) => file.endsWith('.json'))
  .sort();

it('reads every shared Amazon sample', () => {
  expect(files).toEqual([ORDER_CHANGE, GET_ORDER, GET_ADDRESS, GET_BUYER, GET_ITEMS, GET_ORDERS, GET_ORDERS_PENDING, GET_ORDER_2026, SEARCH_ORDERS_2026].sort());
});

// Every sample as it arrives: the v0 ones give order parts, the 2026 ones orders, the notification a cancellation.
// Tolerance 0: the 2026 orders balance exactly.
const cases: ConformanceCase[] = files.map((file) => ({ name: file, payload: sample(file), channel: { currencyCode: file.includes('-jp-') ? 'JPY' : 'USD' } }));
describeConformance(plugin, cases);

it('reports a zero balance difference on every 2026 sample order', () => {
  const balances = checkConformance(plugin, cases).flatMap((report) => report.balances.map((b) => `${report.case} ${b.externalId}: ${b.difference}`));
  expect(balances).toEqual([`${GET_ORDER_2026} 114-9876543-1234567: 0.00 USD`, `${SEARCH_ORDERS_2026} 250-1234567-8901234: 0 JPY`]);
});

// The v0 orders joined from their parts, as the gateway joins them.
const SANDBOX_ID = '902-1845936-5435065';
const SECOND_ID = '902-8745147-1934268';
const PENDING_ID = '902-3159896-1390916';
const all = partsFrom(sample(GET_ORDERS), sample(GET_ORDERS_PENDING), sample(GET_ITEMS), sample(GET_BUYER), sample(GET_ADDRESS));
/** The sandbox's items answer for another order of the samples (only one getOrderItems sample exists). */
const itemsOf = (id: string, change: (item: Record<string, any>) => void = () => {}) =>
  partsFrom(variant(GET_ITEMS, (body) => ((body.payload.AmazonOrderId = id), change(body.payload.OrderItems[0]))))[id].items;

const joined: Array<{ id: string; case: ConformanceCase }> = [
  { id: SANDBOX_ID, case: { name: `${GET_ORDER} + ${GET_ITEMS}`, payload: partsFrom(sample(GET_ORDER), sample(GET_ITEMS))[SANDBOX_ID] } },
  { id: SANDBOX_ID, case: { name: `${GET_ORDERS} + items + buyer + address`, payload: all[SANDBOX_ID] } },
  { id: SECOND_ID, case: { name: `${GET_ORDERS} second order + items (no buyer cancel, 3 × 10.00)`, payload: { order: all[SECOND_ID].order, items: itemsOf(SECOND_ID, (item) => ((item.QuantityOrdered = 3), delete item.BuyerRequestedCancel)) } } },
];
for (const { id, case: testCase } of joined) describeConformance(assemblingPlugin(id), [testCase]);

it('balances every joined v0 order exactly', () => {
  const balances = joined.flatMap(({ id, case: c }) => checkConformance(assemblingPlugin(id), [c])[0].balances.map((b) => `${b.externalId}: ${b.difference}`));
  expect(balances).toEqual([`${SANDBOX_ID}: 0.00 USD`, `${SANDBOX_ID}: 0.00 USD`, `${SECOND_ID}: 0.00 USD`]);
});

describe('a Pending v0 order, which has no OrderTotal yet', () => {
  // Amazon gives no OrderTotal while an order is Pending: the contract says total 0 until it
  // does. With items that state prices, the lines are kept as stated, so the order does not
  // balance by exactly its lines' amount; every other check passes.
  it('fails only money-balances, by exactly what its lines come to', () => {
    const [report] = checkConformance(assemblingPlugin(PENDING_ID), [{ name: 'pending + priced items', payload: { order: all[PENDING_ID].order, items: itemsOf(PENDING_ID) } }]);
    expect(report.checks.filter((c) => c.problems.length > 0).map((c) => c.id)).toEqual(['money-balances']);
    expect(report.balances.map((b) => b.difference)).toEqual(['-11.01 USD']);
  });

  // What Amazon actually sends for a Pending order's items: no prices at all. Then it balances.
  const unpriced = itemsOf(PENDING_ID, (item) => ['ItemPrice', 'ItemTax', 'PromotionDiscount'].forEach((key) => delete item[key]));
  describeConformance(assemblingPlugin(PENDING_ID), [{ name: 'pending + items without prices', payload: { order: all[PENDING_ID].order, items: unpriced } }]);
});
