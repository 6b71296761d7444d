/**
 * Money rules on variants of the shared samples (deep copies changed in memory; the sample files
 * are never edited): coupons, taxes included, unit prices that do not divide, fees, JPY.
 */
import { checkConformance } from '../../src/plugin-sdk/testing';
import plugin from './index';
import { deliver, ORDER_CREATED, orderOf, show, variant } from './test-fixtures';

const TOPIC = { 'x-wc-webhook-topic': 'order.updated' };

/** Order 727 with a 10% coupon ("10off") on its second line, taxes (7.5%) on top. */
const withCoupon = variant(ORDER_CREATED, (o) => {
  Object.assign(o.line_items[1], { total: '10.80', total_tax: '0.81', price: 10.8 });
  o.line_items[1].taxes[0].total = '0.81';
  Object.assign(o, { discount_total: '1.20', discount_tax: '0.09', cart_tax: '1.26', total_tax: '1.26', total: '28.06' });
  o.coupon_lines = [{ id: 321, code: '10off', discount: '1.20', discount_tax: '0.09', meta_data: [] }];
});

/** An EUR store whose prices include 20% VAT: 2 × 12.00 incl. (10.00 + 2.00), shipping 5.00 + 1.00 VAT. */
const taxesIncluded = variant(ORDER_CREATED, (o) => {
  Object.assign(o, { currency: 'EUR', prices_include_tax: true, shipping_total: '5.00', shipping_tax: '1.00', cart_tax: '4.00', total_tax: '5.00', total: '30.00' });
  o.line_items = [{ ...o.line_items[0], quantity: 2, subtotal: '20.00', subtotal_tax: '4.00', total: '20.00', total_tax: '4.00', price: 10 }];
});

/** One line of 3 for "10.00": 10.00 / 3 is not a whole number of cents. */
const indivisible = variant(ORDER_CREATED, (o) => {
  o.line_items = [{ ...o.line_items[1], quantity: 3, subtotal: '10.00', subtotal_tax: '0.75', total: '9.00', total_tax: '0.68', price: 3 }];
  Object.assign(o, { discount_total: '1.00', discount_tax: '0.07', cart_tax: '0.68', total_tax: '0.68', total: '19.68' });
});

/**
 * Taxes included with "round tax at subtotal": 3 × 9.99 incl. 20% VAT is stored as 24.975 + 4.995
 * and sent rounded, "24.98" + "5.00" = 29.98, while WooCommerce's total is 29.97.
 */
const roundedAtSubtotal = variant(ORDER_CREATED, (o) => {
  Object.assign(o, { currency: 'EUR', prices_include_tax: true, shipping_total: '0.00', shipping_tax: '0.00', cart_tax: '5.00', total_tax: '5.00', total: '29.97' });
  o.line_items = [{ ...o.line_items[0], quantity: 3, subtotal: '24.98', subtotal_tax: '5.00', total: '24.98', total_tax: '5.00', price: 8.325 }];
  o.shipping_lines = [];
});

/** A gift-wrap fee (2.00 + 0.15 tax) and a negative fee, WooCommerce's ad-hoc discount (-5.00). */
const withFees = variant(ORDER_CREATED, (o) => {
  o.fee_lines = [
    { id: 401, name: 'Gift wrap', tax_class: '', tax_status: 'taxable', total: '2.00', total_tax: '0.15', taxes: [], meta_data: [] },
    { id: 402, name: 'Loyalty &amp; thanks', tax_class: '', tax_status: 'none', total: '-5.00', total_tax: '0.00', taxes: [], meta_data: [] },
  ];
  Object.assign(o, { cart_tax: '1.50', total_tax: '1.50', total: '26.50' });
});

/** A JPY store (0 decimals): 2 × 1980 + 500 shipping. */
const yen = variant(ORDER_CREATED, (o) => {
  Object.assign(o, { currency: 'JPY', shipping_total: '500', shipping_tax: '0', cart_tax: '0', total_tax: '0', discount_total: '0', discount_tax: '0', total: '4460' });
  o.line_items = [{ ...o.line_items[0], quantity: 2, subtotal: '3960', subtotal_tax: '0', total: '3960', total_tax: '0', taxes: [], price: 1980 }];
});

describe('a coupon', () => {
  const order = orderOf(deliver(withCoupon, TOPIC));

  it('is the line discount subtotal − total, at the unit price of the subtotal (not the float price)', () => {
    const line = order.lines[1];
    expect([show(line.unitPrice), show(line.discount), show(line.tax), show(line.total)]).toEqual(['12.00 USD', '1.20 USD', '0.81 USD', '11.61 USD']);
  });

  it('gives discount_total and the coupon code', () => {
    expect([show(order.discountTotal), order.couponCodes, show(order.total)]).toEqual(['1.20 USD', ['10off'], '28.06 USD']);
  });
});

describe('prices including tax', () => {
  const order = orderOf(deliver(taxesIncluded, TOPIC));

  it('takes each line with its tax in it, as the customer saw it', () => {
    const [line] = order.lines;
    expect([line.quantity, show(line.unitPrice), show(line.tax), show(line.total)]).toEqual([2, '12.00 EUR', '4.00 EUR', '24.00 EUR']);
  });

  it('keeps taxesIncluded, the shipping with its tax, and the total tax beside', () => {
    expect([order.taxesIncluded, show(order.subtotal), show(order.shippingTotal), show(order.taxTotal), show(order.total)]).toEqual([
      true,
      '24.00 EUR',
      '6.00 EUR',
      '5.00 EUR',
      '30.00 EUR',
    ]);
  });
});

describe('a unit price that does not divide', () => {
  const order = orderOf(deliver(indivisible, TOPIC));

  it('cuts the line in two lines of the same product, one cent apart, with the same quantity and amounts in all', () => {
    expect(order.lines.map((l) => [l.sku, l.quantity, show(l.unitPrice), show(l.discount), show(l.tax), show(l.total)])).toEqual([
      ['Bar3', 1, '3.34 USD', '0.33 USD', '0.22 USD', '3.23 USD'],
      ['Bar3', 2, '3.33 USD', '0.67 USD', '0.46 USD', '6.45 USD'],
    ]);
    expect(show(order.subtotal)).toBe('10.00 USD');
  });
});

describe('fees', () => {
  const order = orderOf(deliver(withFees, TOPIC));

  it('a fee is a line of quantity 1 without SKU; a negative fee is a discount', () => {
    expect(order.lines.slice(2).map((l) => [l.sku, l.title, l.quantity, show(l.unitPrice), show(l.total)])).toEqual([[null, 'Gift wrap', 1, '2.00 USD', '2.15 USD']]);
    expect([show(order.discountTotal), show(order.subtotal), show(order.total)]).toEqual(['5.00 USD', '20.00 USD', '26.50 USD']);
  });
});

it('a JPY order keeps zero decimals', () => {
  const order = orderOf(deliver(yen, TOPIC));
  expect([show(order.lines[0].unitPrice), show(order.total)]).toEqual(['1980 JPY', '4460 JPY']);
});

it('warns when discount_total differs from the lines, and keeps discount_total', () => {
  const result = deliver(variant(ORDER_CREATED, (o) => (o.discount_total = '0.50')), TOPIC);
  expect(result).toMatchObject({ outcome: 'record', warnings: ['order 727: discount_total says 0.50 USD, its lines 0.00 USD: discount_total kept'] });
  expect(show(orderOf(result).discountTotal)).toBe('0.50 USD');
});

describe('the conformance kit on these variants', () => {
  const cases = Object.entries({ withCoupon, taxesIncluded, indivisible, withFees, yen }).map(([name, payload]) => ({ name, payload, headers: TOPIC }));

  it('passes every check at tolerance 0', () => {
    const failing = checkConformance(plugin, cases).flatMap((r) => r.checks.filter((c) => c.problems.length).map((c) => `${r.case} ${c.id}: ${c.problems.join('; ')}`));
    expect(failing).toEqual([]);
  });

  it("reports WooCommerce's own rounding of taxes included at subtotal: -0.01 EUR, within a tolerance of 1 cent", () => {
    const [report] = checkConformance(plugin, [{ name: 'rounded at subtotal', payload: roundedAtSubtotal, headers: TOPIC }], { balanceToleranceMinor: 1 });
    expect(report.balances).toEqual([{ externalId: '727', currency: 'EUR', differenceMinor: -1, difference: '-0.01 EUR', withinTolerance: true }]);
    expect(report.ok).toBe(true);
  });
});
