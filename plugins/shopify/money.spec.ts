import { formatMinor, parseJsonPayload, type Money } from '../../src/plugin-sdk';
import { bareObject, deliver, orderOf, variantOf } from './test-fixtures';

const amount = (m: Money) => formatMinor(m.minor, m.currency);
const usd = (value: string) => ({ shop_money: { amount: value, currency_code: 'USD' }, presentment_money: { amount: value, currency_code: 'USD' } });

type Json = Record<string, any>;

const FOO = 'rest-2026-07-order-create-fulfilled-customer-foo.json';
const TENOFF = 'rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json';

/** Replaces every presentment_money in the payload with an amount in another currency. */
function presentIn(value: unknown, currency: string): void {
  if (Array.isArray(value)) return value.forEach((v) => presentIn(v, currency));
  if (value === null || typeof value !== 'object') return;
  const object = value as Json;
  if (object.presentment_money) object.presentment_money = { amount: '123456.78', currency_code: currency };
  Object.values(object).forEach((v) => presentIn(v, currency));
}

describe('discount codes beside total_discounts', () => {
  it('a code with amount 10.00 beside total_discounts "0.00" discounts nothing: the allocations and the total win', () => {
    const order = orderOf(variantOf(FOO, (o) => (o.discount_codes = [{ code: 'SAVE10', amount: '10.00', type: 'fixed_amount' }])));
    expect(amount(order.discountTotal)).toBe('0.00');
    expect(order.couponCodes).toEqual(['SAVE10']);
    expect(amount(order.total)).toBe('199.00');
  });

  it('in a summary order, total_discounts "0.00" wins over a code of 10.00', () => {
    const payload = variantOf('pyapi-fixture-orders.json', (o) => {
      o.discount_codes = [{ code: 'SAVE10', amount: '10.00', type: 'fixed_amount' }];
      o.total_discounts = '0.00';
      o.total_discounts_set = usd('0.00');
      o.total_price = '608.94';
      o.total_price_set = usd('608.94');
    });
    const order = orderOf(payload);
    expect([amount(order.discountTotal), amount(order.total)]).toEqual(['0.00', '608.94']);
  });

  it('line allocations win over a total_discounts of "0.00", with a warning', () => {
    const payload = variantOf(TENOFF, (o) => {
      o.total_discounts = '0.00';
      o.total_discounts_set = usd('0.00');
    });
    const result = deliver(payload, 'orders/updated');
    expect(result).toMatchObject({ outcome: 'record', warnings: ['total_discounts 0.00 differs from the discount allocations 10.00; the discount allocations win'] });
    expect(amount(orderOf(payload).discountTotal)).toBe('10.00');
  });
});

describe('shipping', () => {
  const withShipping = variantOf(FOO, (o) => {
    o.shipping_lines = [{ price: '10.00', price_set: usd('10.00'), discount_allocations: [{ amount: '10.00', amount_set: usd('10.00') }], tax_lines: [{ price: '0.60', price_set: usd('0.60') }] }];
    o.total_price = '199.60';
    o.total_price_set = usd('199.60');
  });

  it('is the shipping lines before discount; a free-shipping discount counts in discountTotal', () => {
    const order = orderOf(withShipping);
    expect([order.shippingTotal, order.discountTotal, order.taxTotal, order.total].map(amount)).toEqual(['10.00', '10.00', '0.60', '199.60']);
  });

  it('without shipping_lines comes from total_shipping_price_set', () => {
    const payload = variantOf('pyapi-fixture-orders.json', (o) => {
      o.total_shipping_price_set = usd('5.00');
      o.total_price_set = usd('603.94');
      o.total_price = '603.94';
    });
    expect(amount(orderOf(payload).shippingTotal)).toBe('5.00');
  });
});

describe('shop money and presentment money', () => {
  it('presentment money never enters the order', () => {
    const payload = variantOf(TENOFF, (o) => presentIn(o, 'EUR'));
    expect(orderOf(payload)).toEqual(orderOf(bareObject(TENOFF)));
  });

  it("a line whose shop money is in another currency is left out, with a warning", () => {
    const payload = variantOf(TENOFF, (o) => (o.line_items[2].price_set.shop_money = { amount: '180.00', currency_code: 'EUR' }));
    const result = deliver(payload, 'orders/updated');
    expect(result.outcome === 'record' && result.warnings).toContain("line_items[2].price_set.shop_money is in EUR, not the order's currency USD: left out");
    expect(orderOf(payload).lines).toHaveLength(2);
  });

  it('a refund paid back in another currency is not added to refundedTotal', () => {
    const payload = variantOf(TENOFF, (o) => (o.refunds[0].transactions[0].currency = 'EUR'));
    const result = deliver(payload, 'orders/updated');
    expect(result.outcome === 'record' && result.warnings).toEqual(['refunds[0].transactions[0] refunds EUR, not USD: left out']);
    expect(amount(orderOf(payload).refundedTotal)).toBe('0.00');
  });

  it('a JPY order keeps zero decimals', () => {
    const payload = variantOf(FOO, (o) => {
      presentIn(o, 'JPY');
      o.currency = 'JPY';
      o.line_items[0].price = '5980';
      o.line_items[0].price_set = { shop_money: { amount: '5980', currency_code: 'JPY' } };
      o.total_price = '5980';
      o.total_price_set = { shop_money: { amount: '5980', currency_code: 'JPY' } };
      delete o.total_discounts_set;
      delete o.total_tax_set;
    });
    const order = orderOf(payload);
    expect([order.currency, amount(order.total), order.total.minor]).toEqual(['JPY', '5980', 5980]);
  });
});

describe('lines', () => {
  it('with taxes_included, a line total leaves its tax inside', () => {
    const order = orderOf(variantOf('rest-2026-07-order-create-3lines-tax-no-customer.json', (o) => (o.taxes_included = true)));
    expect(order.taxesIncluded).toBe(true);
    expect(amount(order.lines[0].total)).toBe('129.99');
    expect(amount(order.lines[0].tax)).toBe('11.07');
  });

  it('an empty sku is null', () => {
    expect(orderOf(variantOf(FOO, (o) => (o.line_items[0].sku = ''))).lines[0].sku).toBeNull();
  });

  it('a product without variants keeps its title alone', () => {
    expect(orderOf(variantOf(FOO, (o) => (o.line_items[0].variant_title = null))).lines[0].title).toBe('IPod Touch 8GB');
  });
});

describe('64-bit ids', () => {
  const body = JSON.stringify(bareObject(FOO))
    .replace('"id":1073459972', '"id":5678901234567890123')
    .replace('"id":1073339470', '"id":9223372036854775807');

  it('keep every digit of an order id past 2^53', () => {
    expect(orderOf(parseJsonPayload(body)).externalId).toBe('5678901234567890123');
  });

  it("keep every digit of the customer's id", () => {
    expect(orderOf(parseJsonPayload(body)).customer?.externalId).toBe('9223372036854775807');
  });

  it('are refused when a JSON.parse already rounded them', () => {
    expect(deliver(JSON.parse(body), 'orders/create')).toMatchObject({ outcome: 'invalid', path: 'id' });
  });
});
