/** The 2026-01-01 responses: whole orders, checked against the source files. */
import { parseMoney } from '../../src/plugin-sdk';
import { relayExternalId } from './customer';
import { deliver, GET_ORDER_2026, ordersOf, raw, sample, SEARCH_ORDERS_2026, show, variant } from './test-fixtures';

const money = (m: { amount: string; currencyCode: string }) => show(parseMoney(m.amount, m.currencyCode));

describe(SEARCH_ORDERS_2026, () => {
  const src = raw(SEARCH_ORDERS_2026).orders[0];
  const [order] = ordersOf(deliver(sample(SEARCH_ORDERS_2026), { code: 'jp', currencyCode: 'JPY', settings: {} }));

  it('gives the order with its id, times and SHIPPED → FULFILLED', () => {
    expect([order.externalId, order.number, order.placedAt, order.sourceUpdatedAt, order.status]).toEqual([
      src.orderId,
      src.orderId,
      new Date(src.createdTime),
      new Date(src.lastUpdatedTime),
      'FULFILLED',
    ]);
  });

  it('keeps yen without decimals: lines from unitPrice × quantity, total = grandTotal', () => {
    expect(order.currency).toBe('JPY');
    expect(order.lines.map((l) => [l.sku, l.quantity, show(l.unitPrice), show(l.total)])).toEqual(
      src.orderItems.map((i: any) => [i.product.sellerSku, i.quantityOrdered, money(i.product.price.unitPrice), money(i.proceeds.proceedsTotal)]),
    );
    expect([show(order.subtotal), show(order.total)]).toEqual(['19940 JPY', money(src.proceeds.grandTotal)]);
  });

  it('does not take points granted as a discount; promotion ids are the coupon codes', () => {
    expect(show(order.discountTotal)).toBe('0 JPY');
    expect(order.couponCodes).toEqual(['JP-WINTER-SALE-2024']);
  });

  it('has the buyer by the relay e-mail, not matchable', () => {
    expect(order.customer).toEqual({ externalId: relayExternalId(src.buyer.buyerEmail), email: src.buyer.buyerEmail, emailMatchable: false, phone: null, name: src.buyer.buyerName });
  });

  it('skips an empty searchOrders page', () => {
    expect(deliver({ orders: [] }).outcome).toBe('skip');
  });
});

describe(GET_ORDER_2026, () => {
  const src = raw(GET_ORDER_2026).order;
  const [order] = ordersOf(deliver(sample(GET_ORDER_2026)));

  it('takes the TAX breakdown as the line tax, UNSHIPPED → PAID, no buyer → no customer', () => {
    const item = src.orderItems[0];
    expect(order.lines.map((l) => [show(l.unitPrice), show(l.tax), show(l.total)])).toEqual([[money(item.product.price.unitPrice), '10.00 USD', money(item.proceeds.proceedsTotal)]]);
    expect([order.status, show(order.taxTotal), show(order.total), order.customer]).toEqual(['PAID', '10.00 USD', money(src.proceeds.grandTotal), null]);
  });

  it('is CANCELLED when every item carries a cancellation', () => {
    const cancelled = variant(GET_ORDER_2026, (b) => (b.order.orderItems[0].cancellation = { cancelReason: 'BUYER_CANCELED' }));
    expect(ordersOf(deliver(cancelled))[0].status).toBe('CANCELLED');
  });

  it('routes SHIPPING breakdowns to the shipping total and a GIFT_WRAP one to a line of its own', () => {
    const usd = (amount: string) => ({ amount, currencyCode: 'USD' });
    const changed = variant(GET_ORDER_2026, (b) => {
      b.order.orderItems[0].proceeds.breakdowns.push({ type: 'SHIPPING', subtotal: usd('5.00') }, { type: 'GIFT_WRAP', subtotal: usd('2.00') }, { type: 'DISCOUNT', subtotal: usd('-1.00') });
      b.order.orderItems[0].proceeds.proceedsTotal = usd('55.99');
      b.order.proceeds.grandTotal = usd('55.99');
    });
    const result = deliver(changed);
    const [o] = ordersOf(result);
    expect([o.shippingTotal, o.discountTotal, o.total].map(show)).toEqual(['5.00 USD', '1.00 USD', '55.99 USD']);
    expect(o.lines.map((l) => l.title)).toEqual([src.orderItems[0].product.title, `GIFT_WRAP: ${src.orderItems[0].product.title}`]);
    expect(result.outcome === 'record' && result.warnings).toEqual([]);
  });

  it('has total 0 with a warning while grandTotal is absent', () => {
    const result = deliver(variant(GET_ORDER_2026, (b) => delete b.order.proceeds));
    expect(show(ordersOf(result)[0].total)).toBe('0.00 USD');
    expect(result.outcome === 'record' && result.warnings).toEqual([expect.stringContaining('has no proceeds.grandTotal yet: total 0')]);
  });
});
