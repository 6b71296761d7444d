import { formatMinor, type Money } from '../../src/plugin-sdk';
import { bareObject, deliver, orderOf } from './test-fixtures';

const amount = (m: Money) => formatMinor(m.minor, m.currency);

type Source = Record<string, any>;

/** What every order fixture must show against its own source fields. */
describe.each([
  ['rest-2026-07-order-create-3lines-tax-no-customer.json', 'PAID', '0.00'],
  ['rest-2026-07-order-create-fulfilled-customer-foo.json', 'FULFILLED', '0.00'],
  ['rest-2026-07-order-create-no-email-no-customer.json', 'PAID', '0.00'],
  ['rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json', 'PARTIALLY_REFUNDED', '10.00'],
  ['rest-2026-07-order-cancel-cancelled-partially-refunded.json', 'CANCELLED', '10.00'],
  ['pyapi-fixture-orders.json', 'PARTIALLY_REFUNDED', '10.00'],
])('%s', (file, status, discount) => {
  const source = bareObject(file) as Source;
  const order = orderOf(source);

  it('keeps the total to the cent, in shop money', () => {
    expect(amount(order.total)).toBe(source.total_price_set.shop_money.amount);
    expect(order.currency).toBe(source.total_price_set.shop_money.currency_code);
  });

  it("takes Shopify's id as externalId and its name as number", () => {
    expect(order.externalId).toBe(String(source.id));
    expect(order.number).toBe(source.name);
  });

  it(`is ${status}`, () => {
    expect(order.status).toBe(status);
  });

  it(`has a discount of ${discount}`, () => {
    expect(amount(order.discountTotal)).toBe(discount);
  });

  it('has one line per line item', () => {
    expect(order.lines).toHaveLength(source.line_items?.length ?? 0);
  });

  it('lists the discount codes as coupon codes', () => {
    expect(order.couponCodes).toEqual((source.discount_codes ?? []).map((c: Source) => c.code));
  });

  it("names the customer by Shopify's customer id and e-mail", () => {
    expect(order.customer?.externalId ?? null).toBe(source.customer ? String(source.customer.id) : null);
    expect(order.customer?.email ?? null).toBe(source.customer?.email ?? null);
  });
});

describe('an order with three taxed lines and no customer (orders/create)', () => {
  const order = orderOf(bareObject('rest-2026-07-order-create-3lines-tax-no-customer.json'), 'orders/create');

  it('adds each line tax on top of its net price', () => {
    expect(order.lines.map((l) => [l.title, amount(l.tax), amount(l.total)])).toEqual([
      ['Red Leather Coat', '11.07', '141.06'],
      ['Blue Suede Shoes', '0.00', '85.95'],
      ['Raspberry Beret', '3.38', '43.36'],
    ]);
  });

  it('sums the line taxes into the order tax', () => {
    expect(amount(order.taxTotal)).toBe('14.45');
    expect(amount(order.subtotal)).toBe('255.92');
  });
});

describe('the TENOFF order, partially refunded', () => {
  const order = orderOf(bareObject('rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json'));

  it('discounts each line by its allocation, not by its total_discount "0.00"', () => {
    expect(order.lines.map((l) => amount(l.discount))).toEqual(['3.34', '3.33', '3.33']);
  });

  it('counts the successful refund transaction as refunded', () => {
    expect(amount(order.refundedTotal)).toBe('209.00');
  });

  it('titles a line "title - variant", as Shopify names it', () => {
    expect(order.lines[0].title).toBe('IPod Nano - 8gb - green');
  });

  it('has the customer and the time of the order', () => {
    expect(order.customer).toEqual({ externalId: '207119551', email: 'bob.norman@mail.example.com', emailMatchable: true, phone: '+16136120707', name: 'Bob Norman' });
    expect(order.placedAt.toISOString()).toBe('2008-01-10T16:00:00.000Z');
  });
});

describe('a cancelled order that was partly refunded (orders/cancelled)', () => {
  const order = orderOf(bareObject('rest-2026-07-order-cancel-cancelled-partially-refunded.json'), 'orders/cancelled');

  it('is CANCELLED and still shows its refund', () => {
    expect(order.status).toBe('CANCELLED');
    expect(amount(order.refundedTotal)).toBe('209.00');
  });

  it('carries updated_at to drop older deliveries', () => {
    expect(order.sourceUpdatedAt?.toISOString()).toBe('2025-04-02T16:31:25.000Z');
  });
});

describe('a summary order without line items (pyapi orders list)', () => {
  const order = orderOf(bareObject('pyapi-fixture-orders.json'));

  it('takes its money from the order-level fields', () => {
    expect([order.subtotal, order.discountTotal, order.taxTotal, order.shippingTotal, order.total].map(amount)).toEqual([
      '597.00',
      '10.00',
      '11.94',
      '0.00',
      '598.94',
    ]);
  });
});

describe('a guest order', () => {
  it('with customer null and email "" has no customer', () => {
    expect(orderOf(bareObject('rest-2026-07-order-create-no-email-no-customer.json')).customer).toBeNull();
  });

  it('gives no warnings', () => {
    expect(deliver(bareObject('rest-2026-07-order-create-no-email-no-customer.json'), 'orders/create')).toMatchObject({ warnings: [] });
  });
});
