/**
 * The woocommerce plugin on the shared WooCommerce samples (read where they are, never copied):
 * the SDK conformance kit on every sample, then each order checked against the source values of
 * its file.
 */
import fs from 'node:fs';

import { formatMinor, multiply, parseMoney, sum } from '../../src/plugin-sdk';
import { checkConformance, describeConformance, type ConformanceCase } from '../../src/plugin-sdk/testing';
import plugin from './index';
import { CUSTOMER, deliver, HEADERS, ORDER_COMPLETED, ORDER_CREATED, ORDERS_PAGE, ordersOf, raw, recordsOf, REFUND, sample, SAMPLES, show } from './test-fixtures';

const files = fs
  .readdirSync(SAMPLES)
  .filter((file) => file.endsWith('.json'))
  .sort();

const cases: ConformanceCase[] = files.map((file) => ({ name: file, payload: sample(file), headers: HEADERS[file] ?? {}, channel: { currencyCode: 'USD' } }));

it('reads every shared WooCommerce sample', () => {
  expect(files).toEqual([CUSTOMER, ORDER_CREATED, ORDER_COMPLETED, ORDERS_PAGE, REFUND].sort());
});

// Tolerance 0: every sample order balances to the cent.
describeConformance(plugin, cases);

it('reports a zero balance difference on every sample order', () => {
  const balances = checkConformance(plugin, cases).flatMap((report) => report.balances.map((b) => `${report.case} ${b.externalId}: ${b.difference}`));
  expect(balances).toEqual([
    `${ORDER_CREATED} 727: 0.00 USD`,
    `${ORDER_COMPLETED} 727: 0.00 USD`,
    `${ORDERS_PAGE} 727: 0.00 USD`,
    `${ORDERS_PAGE} 723: 0.00 USD`,
  ]);
});

interface SourceOrder {
  id: number;
  number: string;
  currency: string;
  status: string;
  total: string;
  discount_total: string;
  date_created_gmt: string;
  line_items: unknown[];
  fee_lines: unknown[];
  coupon_lines: Array<{ code: string }>;
  refunds: Array<{ total: string }>;
}

/** The unified status each sample order must get, by file and order id, with the reason. */
const EXPECTED_STATUS: Record<string, Record<number, string>> = {
  [ORDER_CREATED]: { 727: 'PAID' }, // processing
  [ORDER_COMPLETED]: { 727: 'FULFILLED' }, // completed, no refund
  [ORDERS_PAGE]: { 727: 'PAID', 723: 'PARTIALLY_REFUNDED' }, // 723: completed, 19.00 of 39.00 refunded
};

describe.each([ORDER_CREATED, ORDER_COMPLETED, ORDERS_PAGE])('%s', (file) => {
  const content = raw<SourceOrder | SourceOrder[]>(file);
  const sources = Array.isArray(content) ? content : [content];
  const orders = ordersOf(deliver(sample(file), HEADERS[file]));

  it('gives one order per source order, with its id and number', () => {
    expect(orders.map((o) => [o.externalId, o.number])).toEqual(sources.map((s) => [String(s.id), s.number]));
  });

  describe.each(sources.map((source, i) => [source.id, source, i] as const))('order %s', (_id, source, i) => {
    const order = orders[i];

    it('keeps the total to the cent, in the order currency', () => {
      expect([formatMinor(order.total.minor, order.currency), order.currency]).toEqual([source.total, source.currency]);
    });

    it('has one line per line item (and per fee)', () => {
      expect(order.lines).toHaveLength(source.line_items.length + source.fee_lines.length);
    });

    it('maps the status by the precedence rule', () => {
      expect([source.status, order.status]).toEqual([source.status, EXPECTED_STATUS[file][source.id]]);
    });

    it('keeps the discount and the coupon codes', () => {
      expect(formatMinor(order.discountTotal.minor, order.currency)).toBe(source.discount_total);
      expect(order.couponCodes).toEqual(source.coupon_lines.map((c) => c.code));
    });

    it('refunds: minus the sum of refunds[].total', () => {
      const refunds = sum(source.refunds.map((r) => parseMoney(r.total, source.currency)), source.currency);
      expect(order.refundedTotal).toEqual(multiply(refunds, -1));
    });

    it('is placed at date_created_gmt, read as UTC', () => {
      expect(order.placedAt.toISOString()).toBe(`${source.date_created_gmt}.000Z`);
    });
  });
});

describe(`${ORDER_CREATED}, field by field`, () => {
  const [order] = ordersOf(deliver(sample(ORDER_CREATED), HEADERS[ORDER_CREATED]));

  it('derives the lines from the subtotal and total strings', () => {
    expect(order.lines.map((l) => [l.sku, l.title, l.quantity, show(l.unitPrice), show(l.discount), show(l.tax), show(l.total)])).toEqual([
      [null, 'Woo Single #1', 2, '3.00 USD', '0.00 USD', '0.45 USD', '6.45 USD'],
      ['Bar3', 'Ship Your Idea \u2013 Color: Black, Size: M Test', 1, '12.00 USD', '0.00 USD', '0.90 USD', '12.90 USD'],
    ]);
  });

  it('has subtotal, shipping and tax as WooCommerce states them, taxes on top', () => {
    expect([show(order.subtotal), show(order.shippingTotal), show(order.taxTotal), show(order.total), order.taxesIncluded]).toEqual([
      '18.00 USD',
      '10.00 USD',
      '1.35 USD',
      '29.35 USD',
      false,
    ]);
  });

  it('keys the guest (customer_id 0) by its billing e-mail, with billing phone and name', () => {
    expect(order.customer).toEqual({
      externalId: expect.stringMatching(/^guest:[0-9a-f]{64}$/),
      email: 'john.doe@example.com',
      emailMatchable: true,
      phone: '(555) 555-5555',
      name: 'John Doe',
    });
  });

  it('takes date_modified_gmt as the version time', () => {
    expect(order.sourceUpdatedAt?.toISOString()).toBe('2017-03-22T19:28:08.000Z');
  });
});

describe(`${ORDERS_PAGE}, the registered buyer`, () => {
  it('is customer 26, with the billing e-mail, phone and name', () => {
    const order = ordersOf(deliver(sample(ORDERS_PAGE), HEADERS[ORDERS_PAGE]))[1];
    expect(order.customer).toEqual({ externalId: '26', email: 'joao.silva@example.com', emailMatchable: true, phone: '(11) 1111-1111', name: 'João Silva' });
  });
});

describe(REFUND, () => {
  it('is a refund of 10.00 on order 723 (from _links.up), in the channel currency', () => {
    expect(recordsOf(deliver(sample(REFUND), HEADERS[REFUND]))).toEqual([
      { kind: 'refund', orderExternalId: '723', refundId: '726', amount: { minor: 1000, currency: 'USD' }, occurredAt: new Date('2017-03-21T20:07:11Z') },
    ]);
  });
});

describe(CUSTOMER, () => {
  it('is customer 25 with e-mail, billing phone and name', () => {
    expect(recordsOf(deliver(sample(CUSTOMER), HEADERS[CUSTOMER]))).toEqual([
      {
        kind: 'customer',
        customer: { externalId: '25', email: 'john.doe@example.com', emailMatchable: true, phone: '(555) 555-5555', name: 'John Doe' },
        sourceUpdatedAt: new Date('2017-03-21T19:09:30Z'),
      },
    ]);
  });
});
