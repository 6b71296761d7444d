/**
 * The square-pos plugin on the shared Square samples (read where they are, never copied): the
 * SDK conformance kit over the order samples, then every sample checked against the source
 * values of its file.
 */
import fs from 'node:fs';

import { checkConformance, describeConformance, type ConformanceCase } from '../../src/plugin-sdk/testing';
import plugin from './index';
import {
  CREATE_ORDER,
  CUSTOMER,
  deliver,
  enriched,
  type Json,
  orderOf,
  PAYMENT,
  recordsOf,
  REFUND,
  RETRIEVE_ORDER,
  sample,
  SAMPLES,
  SEARCH_ORDERS,
  show,
  WEBHOOK_CUSTOMER_CREATED,
  WEBHOOK_ORDER_CREATED,
  WEBHOOK_ORDER_UPDATED,
  WEBHOOK_PAYMENT_UPDATED,
} from './test-fixtures';

const ALL = [CREATE_ORDER, CUSTOMER, RETRIEVE_ORDER, SEARCH_ORDERS, PAYMENT, REFUND, WEBHOOK_CUSTOMER_CREATED, WEBHOOK_ORDER_CREATED, WEBHOOK_ORDER_UPDATED, WEBHOOK_PAYMENT_UPDATED];

it('reads every shared Square sample', () => {
  expect(fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).sort()).toEqual([...ALL].sort());
});

const orderCases: ConformanceCase[] = [
  { name: CREATE_ORDER, payload: sample(CREATE_ORDER) },
  { name: RETRIEVE_ORDER, payload: sample(RETRIEVE_ORDER) },
  { name: `${WEBHOOK_ORDER_CREATED} + the order fetched`, payload: enriched(WEBHOOK_ORDER_CREATED) },
  { name: `${WEBHOOK_ORDER_UPDATED} + the order fetched`, payload: enriched(WEBHOOK_ORDER_UPDATED, (o) => (o.version = 2)) },
  { name: 'a page of both sample orders', payload: { orders: [sample(CREATE_ORDER).order, sample(RETRIEVE_ORDER).order], cursor: 'next' } },
];
const otherCases: ConformanceCase[] = [SEARCH_ORDERS, PAYMENT, REFUND, CUSTOMER, WEBHOOK_CUSTOMER_CREATED, WEBHOOK_PAYMENT_UPDATED].map((file) => ({
  name: file,
  payload: sample(file),
}));

// Tolerance 0: every sample order balances to the cent.
describeConformance(plugin, [...orderCases, ...otherCases]);

it('reports a zero balance difference on every sample order', () => {
  const balances = checkConformance(plugin, orderCases).flatMap((r) => r.balances.map((b) => `${r.case} ${b.externalId}: ${b.difference}`));
  expect(balances).toEqual([
    `${CREATE_ORDER} CAISENgvlJ6jLWAzERDzjyHVybY: 0.00 USD`,
    `${RETRIEVE_ORDER} CAISENgvlJ6jLWAzERDzjyHVybY: 0.00 USD`,
    `${WEBHOOK_ORDER_CREATED} + the order fetched eA3vssLHKJrv9H0IdJCM3gNqfdcZY: 0.00 USD`,
    `${WEBHOOK_ORDER_UPDATED} + the order fetched eA3vssLHKJrv9H0IdJCM3gNqfdcZY: 0.00 USD`,
    'a page of both sample orders CAISENgvlJ6jLWAzERDzjyHVybY: 0.00 USD',
    'a page of both sample orders CAISENgvlJ6jLWAzERDzjyHVybY: 0.00 USD',
  ]);
});

const cents = (m: { amount: number }) => m.amount;

describe.each([CREATE_ORDER, RETRIEVE_ORDER])('%s', (file) => {
  const source = sample(file).order as Json;
  const order = orderOf(deliver(sample(file)));

  it('keeps the order id, times, version and currency', () => {
    expect(order).toMatchObject({
      externalId: source.id,
      placedAt: new Date(source.created_at),
      sourceUpdatedAt: new Date(source.updated_at),
      sourceVersion: source.version,
      currency: source.total_money.currency,
    });
  });

  it('takes the totals Square states, in minor units', () => {
    expect(order.total.minor).toBe(cents(source.total_money));
    expect(order.discountTotal.minor).toBe(cents(source.total_discount_money));
    expect(order.taxTotal.minor).toBe(cents(source.total_tax_money));
    expect(order.shippingTotal.minor).toBe(cents(source.total_service_charge_money) + cents(source.total_tip_money));
    expect(order.subtotal.minor).toBe(source.line_items.reduce((s: number, l: Json) => s + cents(l.gross_sales_money), 0));
    expect(order.refundedTotal.minor).toBe(0);
  });

  it('maps every line: gross sales ÷ quantity, discount, tax and total per line', () => {
    expect(order.lines).toHaveLength(source.line_items.length);
    source.line_items.forEach((item: Json, i: number) => {
      const line = order.lines[i];
      expect(line.quantity).toBe(Number(item.quantity));
      expect(line.unitPrice.minor * line.quantity).toBe(cents(item.gross_sales_money));
      expect([line.discount.minor, line.tax.minor, line.total.minor]).toEqual([cents(item.total_discount_money), cents(item.total_tax_money), cents(item.total_money)]);
      expect(line.sku).toBe(item.catalog_object_id ?? null);
    });
  });

  it('is ADDITIVE-taxed, has no coupon codes and no customer (the samples have no customer_id), and is OPEN without tenders: PENDING', () => {
    expect(order).toMatchObject({ taxesIncluded: false, couponCodes: [], customer: null, status: 'PENDING' });
  });
});

describe(CREATE_ORDER, () => {
  const order = orderOf(deliver(sample(CREATE_ORDER)));

  it('numbers the order by its reference_id', () => expect(order.number).toBe('my-order-001'));

  it('prices a line with a modifier at base price plus modifier: 22.00 + 0.50 "Well"', () => {
    expect(order.lines.map((l) => [l.title, l.sku, l.quantity, show(l.unitPrice), show(l.total)])).toEqual([
      ['New York Strip Steak', null, 1, '15.99 USD', '16.48 USD'],
      ['New York Steak (Larger)', 'BEMYCSMIJL46OCDV4KYIKXIB', 2, '22.50 USD', '45.28 USD'],
    ]);
    expect([show(order.subtotal), show(order.discountTotal), show(order.taxTotal), show(order.total)]).toEqual(['60.99 USD', '4.33 USD', '5.10 USD', '61.76 USD']);
  });
});

describe(RETRIEVE_ORDER, () => {
  const order = orderOf(deliver(sample(RETRIEVE_ORDER)));
  it('has no number: neither a reference_id nor a tender', () => expect(order.number).toBeNull());
  it('states 50% off as the discount of each line', () => {
    expect(order.lines.map((l) => [l.title, l.quantity, show(l.unitPrice), show(l.discount), show(l.total)])).toEqual([
      ['Item 1', 1, '5.00 USD', '2.50 USD', '2.50 USD'],
      ['Item 2', 2, '3.00 USD', '3.00 USD', '3.00 USD'],
    ]);
  });
});

describe('order webhooks, once enrich fetched the order', () => {
  it('stores the fetched order under the id the event names', () => {
    const event = sample(WEBHOOK_ORDER_CREATED);
    const order = orderOf(deliver(enriched(WEBHOOK_ORDER_CREATED)));
    expect([order.externalId, order.sourceVersion, show(order.total)]).toEqual([event.data.id, 1, '5.50 USD']);
  });

  it('rejects a bare order event: it carries no lines, so it must have been fetched', () => {
    expect(deliver(sample(WEBHOOK_ORDER_UPDATED))).toEqual({ outcome: 'invalid', reason: expect.stringContaining('fetched by enrich'), path: 'data' });
  });
});

describe('a page of orders', () => {
  it('gives one record per order, in page order', () => {
    const page = { orders: [sample(CREATE_ORDER).order, { ...sample(RETRIEVE_ORDER).order, id: 'SECOND' }] };
    expect(recordsOf(deliver(page)).map((r) => r.kind === 'order' && [r.externalId, show(r.total)])).toEqual([
      ['CAISENgvlJ6jLWAzERDzjyHVybY', '61.76 USD'],
      ['SECOND', '5.50 USD'],
    ]);
  });

  it('skips SearchOrders order entries, which carry only ids', () => {
    expect(deliver(sample(SEARCH_ORDERS))).toEqual({ outcome: 'skip', reason: expect.stringContaining('only ids') });
  });
});

describe('payments, refunds and customers', () => {
  it(`${PAYMENT} → a payment of its order, total_money`, () => {
    const source = sample(PAYMENT).payment;
    expect(recordsOf(deliver(sample(PAYMENT)))).toEqual([
      { kind: 'payment', orderExternalId: source.order_id, paymentId: source.id, status: 'COMPLETED', amount: { minor: 1000, currency: 'USD' } },
    ]);
  });

  it(`${WEBHOOK_PAYMENT_UPDATED} → the payment of data.object.payment`, () => {
    const source = sample(WEBHOOK_PAYMENT_UPDATED).data.object.payment;
    expect(recordsOf(deliver(sample(WEBHOOK_PAYMENT_UPDATED)))).toEqual([
      { kind: 'payment', orderExternalId: '03O3USaPaAaFnI6kkwB1JxGgBsUZY', paymentId: source.id, status: 'COMPLETED', amount: { minor: 100, currency: 'USD' } },
    ]);
  });

  it(`${REFUND} → a refund of its order (PENDING still returns money)`, () => {
    const source = sample(REFUND).refund;
    expect(recordsOf(deliver(sample(REFUND)))).toEqual([
      { kind: 'refund', orderExternalId: source.order_id, refundId: source.id, amount: { minor: 1000, currency: 'USD' }, occurredAt: new Date(source.created_at) },
    ]);
  });

  it('skips a FAILED or REJECTED refund, and a refund without an order', () => {
    for (const status of ['FAILED', 'REJECTED']) expect(deliver({ refund: { ...sample(REFUND).refund, status } }).outcome).toBe('skip');
    const { order_id: _dropped, ...orderless } = sample(REFUND).refund;
    expect(deliver({ refund: orderless }).outcome).toBe('skip');
  });

  it(`${CUSTOMER} → the customer's e-mail, name and phone`, () => {
    const source = sample(CUSTOMER).customer;
    expect(recordsOf(deliver(sample(CUSTOMER)))).toEqual([
      {
        kind: 'customer',
        customer: { externalId: source.id, email: 'Amelia.Earhart@example.com', emailMatchable: true, phone: '+1-212-555-4240', name: 'Amelia Earhart' },
        sourceUpdatedAt: new Date(source.updated_at),
      },
    ]);
  });

  it(`${WEBHOOK_CUSTOMER_CREATED} → the customer of data.object.customer`, () => {
    const source = sample(WEBHOOK_CUSTOMER_CREATED).data.object.customer;
    expect(recordsOf(deliver(sample(WEBHOOK_CUSTOMER_CREATED)))).toEqual([
      {
        kind: 'customer',
        customer: { externalId: 'QPTXM8PQNX3Q726ZYHPMNP46XC', email: 'jenkins+smorly@squareup.com', emailMatchable: true, phone: '+12126668929', name: 'Jenkins Smorly' },
        sourceUpdatedAt: new Date(source.updated_at),
      },
    ]);
  });

  it('skips events it does not store', () => {
    expect(deliver({ ...sample(WEBHOOK_CUSTOMER_CREATED), type: 'customer.deleted' }).outcome).toBe('skip');
    expect(deliver({ ...sample(WEBHOOK_CUSTOMER_CREATED), type: 'inventory.count.updated' }).outcome).toBe('skip');
  });
});
