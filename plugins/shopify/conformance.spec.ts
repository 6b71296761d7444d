import { describeConformance, type ConformanceCase } from '../../src/plugin-sdk/testing';
import plugin from './index';
import { bareObjects } from './test-fixtures';

/** Every shared Shopify fixture of a kind the plugin takes, unwrapped, with the topic it arrives under. */
const FIXTURE_TOPICS: ReadonlyArray<[file: string, topic: string]> = [
  ['rest-2026-07-order-create-3lines-tax-no-customer.json', 'orders/create'],
  ['rest-2026-07-order-create-fulfilled-customer-foo.json', 'orders/create'],
  ['rest-2026-07-order-create-no-email-no-customer.json', 'orders/paid'],
  ['rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json', 'orders/updated'],
  ['rest-2026-07-order-cancel-cancelled-partially-refunded.json', 'orders/cancelled'],
  ['pyapi-fixture-orders.json', 'orders/updated'],
  ['rest-2026-07-refund-create-1line-restock.json', 'refunds/create'],
  ['rest-2026-07-refund-get-2lines.json', 'refunds/create'],
  ['pyapi-fixture-refund.json', 'refunds/create'],
  ['rest-2026-07-customer-get.json', 'customers/create'],
  ['rest-2026-07-customers-list-2.json', 'customers/update'],
  ['pyapi-fixture-customer.json', 'customers/update'],
];

const cases: ConformanceCase[] = FIXTURE_TOPICS.flatMap(([file, topic]) =>
  bareObjects(file).map((payload, i, all) => ({
    name: `${topic} ${file}${all.length > 1 ? ` [${i}]` : ''}`,
    payload,
    headers: { 'X-Shopify-Topic': topic, 'X-Shopify-Webhook-Id': `conformance-${file}-${i}` },
  })),
);

cases.push({ name: 'an unknown topic (orders/fulfilled) is a skip', payload: bareObjects(FIXTURE_TOPICS[1][0])[0], headers: { 'X-Shopify-Topic': 'orders/fulfilled' } });

describeConformance(plugin, cases);
