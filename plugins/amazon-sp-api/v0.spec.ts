/** The v0 responses: parts from every v0 sample, and the order assemble joins, checked against the source files. */
import { parseMoney } from '../../src/plugin-sdk';
import { relayExternalId } from './customer';
import {
  assemble,
  assembled,
  CHANNEL,
  deliver,
  GET_ADDRESS,
  GET_BUYER,
  GET_ITEMS,
  GET_ORDER,
  GET_ORDERS,
  GET_ORDERS_PENDING,
  partsFrom,
  partsOf,
  raw,
  sample,
  show,
  variant,
} from './test-fixtures';

const ID = '902-1845936-5435065';
const source = raw(GET_ORDER).payload;
const sourceItem = raw(GET_ITEMS).payload.OrderItems[0];
const money = (m: { Amount: string; CurrencyCode: string }) => show(parseMoney(m.Amount, m.CurrencyCode));

describe('v0 responses become order parts, kept as Amazon sent them', () => {
  it.each([
    [GET_ORDER, 'order'],
    [GET_ITEMS, 'items'],
    [GET_BUYER, 'buyer'],
    [GET_ADDRESS, 'address'],
  ])('%s → one %s part of its AmazonOrderId, its data the response payload', (file, part) => {
    expect(partsOf(deliver(sample(file)))).toEqual([{ kind: 'orderPart', orderExternalId: raw(file).payload.AmazonOrderId, part, data: raw(file).payload }]);
  });

  it.each([GET_ORDERS, GET_ORDERS_PENDING])('%s → one order part per order of the page', (file) => {
    const orders = raw(file).payload.Orders as Array<Record<string, any>>;
    expect(partsOf(deliver(sample(file)))).toEqual(orders.map((o) => ({ kind: 'orderPart', orderExternalId: o.AmazonOrderId, part: 'order', data: o })));
  });

  it('skips an empty getOrders page', () => {
    expect(deliver({ payload: { Orders: [] } })).toEqual({ outcome: 'skip', reason: 'a getOrders page without orders' });
  });

  it('warns that only one page of items is kept when getOrderItems has a NextToken', () => {
    const result = deliver(variant(GET_ITEMS, (b) => (b.payload.NextToken = 'more')));
    expect(result.outcome === 'record' && result.warnings).toEqual([expect.stringContaining('has more pages (NextToken)')]);
  });
});

describe('assemble', () => {
  const { order, items, buyer, address } = partsFrom(sample(GET_ORDER), sample(GET_ITEMS), sample(GET_BUYER), sample(GET_ADDRESS))[ID];

  it('waits (null) until it has both the order and its items, in either arrival order', () => {
    expect([assemble({ order }, ID), assemble({ items }, ID), assemble({ buyer, address }, ID)]).toEqual([null, null, null]);
    expect(assembled({ items, order }, ID)).toEqual(assembled({ order, items }, ID));
  });

  it('takes the order fields from getOrder and the lines from getOrderItems', () => {
    const o = assembled({ order, items }, ID);
    expect({ ...o, lines: undefined }).toEqual({
      kind: 'order',
      externalId: source.AmazonOrderId,
      number: source.AmazonOrderId,
      status: 'CANCELLED', // Unshipped, but the buyer asked to cancel every item (as an ORDER_CHANGE buyer cancel)
      placedAt: new Date(source.PurchaseDate),
      currency: source.OrderTotal.CurrencyCode,
      subtotal: parseMoney(sourceItem.ItemPrice.Amount, 'USD'),
      discountTotal: parseMoney(sourceItem.PromotionDiscount.Amount, 'USD'),
      taxTotal: parseMoney(sourceItem.ItemTax.Amount, 'USD'),
      shippingTotal: parseMoney('0', 'USD'),
      total: parseMoney(source.OrderTotal.Amount, 'USD'),
      refundedTotal: parseMoney('0', 'USD'),
      taxesIncluded: false,
      couponCodes: [],
      lines: undefined,
      customer: null,
      sourceUpdatedAt: new Date(source.LastUpdateDate),
      sourceVersion: null,
    });
    expect(o.lines.map((l) => [l.sku, l.title, l.quantity, show(l.unitPrice), show(l.discount), show(l.tax), show(l.total)])).toEqual([
      [sourceItem.SellerSKU, sourceItem.Title, sourceItem.QuantityOrdered, money(sourceItem.ItemPrice), money(sourceItem.PromotionDiscount), money(sourceItem.ItemTax), '11.01 USD'],
    ]);
  });

  it('reports the buyer cancel request in a warning, and stays Unshipped → PAID without it', () => {
    const result = assemble({ order, items }, ID);
    expect(result?.outcome === 'record' && result.warnings).toEqual([`order ${ID} item ${sourceItem.OrderItemId}: the buyer asked to cancel (Found cheaper somewhere else.)`]);
    const notCancelled = partsFrom(variant(GET_ITEMS, (b) => delete b.payload.OrderItems[0].BuyerRequestedCancel))[ID].items;
    expect(assembled({ order, items: notCancelled }, ID).status).toBe('PAID');
  });

  it('links the buyer by the relay e-mail fingerprint, never matchable by e-mail, without a phone', () => {
    const b = raw(GET_BUYER).payload;
    expect(assembled({ order, items, buyer, address }, ID).customer).toEqual({
      externalId: relayExternalId(b.BuyerEmail),
      email: b.BuyerEmail,
      emailMatchable: false,
      phone: null,
      name: b.BuyerName,
    });
    expect(relayExternalId(b.BuyerEmail)).toMatch(/^relay:[0-9a-f]{64}$/);
    expect(relayExternalId(` ${b.BuyerEmail.toUpperCase()} `)).toBe(relayExternalId(b.BuyerEmail));
  });

  it('changes nothing of the order for the address (an OrderRecord has no address)', () => {
    expect(assembled({ order, items, address }, ID)).toEqual(assembled({ order, items }, ID));
  });

  it('has no customer for buyer info without an e-mail', () => {
    const nameOnly = partsFrom(variant(GET_BUYER, (b) => delete b.payload.BuyerEmail))[ID].buyer;
    expect(assembled({ order, items, buyer: nameOnly }, ID).customer).toBeNull();
  });

  it('refuses parts of another order', () => {
    expect(assemble({ order, items }, '999-0000000-0000000')).toEqual({ outcome: 'invalid', path: 'parts.order.AmazonOrderId', reason: `expected order 999-0000000-0000000, got ${ID}` });
  });
});

describe('assemble: money', () => {
  const { order } = partsFrom(sample(GET_ORDER))[ID];
  const withItem = (change: (item: Record<string, any>) => void, orderChange: (o: Record<string, any>) => void = () => {}) => {
    const parts = partsFrom(
      variant(GET_ITEMS, (b) => (delete b.payload.OrderItems[0].BuyerRequestedCancel, change(b.payload.OrderItems[0]))),
      variant(GET_ORDER, (b) => orderChange(b.payload)),
    )[ID];
    return assemble(parts, ID, CHANNEL);
  };
  const orderOf = (result: ReturnType<typeof withItem>) => {
    if (result?.outcome !== 'record' || result.records[0].kind !== 'order') throw new Error(JSON.stringify(result));
    return result.records[0];
  };

  it('cuts ItemPrice (the price of all units) that does not divide by the quantity into two exact lines', () => {
    const o = orderOf(withItem((item) => (item.QuantityOrdered = 3)));
    expect(o.lines.map((l) => [l.quantity, show(l.unitPrice), show(l.tax), show(l.total)])).toEqual([
      [1, '3.34 USD', '0.33 USD', '3.67 USD'],
      [2, '3.33 USD', '0.68 USD', '7.34 USD'],
    ]);
    expect(show(o.subtotal)).toBe('10.00 USD');
  });

  it('takes PromotionDiscount as the line discount, shipping less ShippingDiscount, ShippingTax into taxTotal, PromotionIds as codes', () => {
    const usd = (amount: string) => ({ CurrencyCode: 'USD', Amount: amount });
    const o = orderOf(
      withItem(
        (item) =>
          Object.assign(item, {
            PromotionDiscount: usd('1.00'),
            ShippingPrice: usd('4.99'),
            ShippingTax: usd('0.50'),
            ShippingDiscount: usd('4.99'),
            PromotionIds: ['SPRING', 'SPRING', 'FREESHIP'],
          }),
        (o) => (o.OrderTotal.Amount = '10.51'),
      ),
    );
    expect([o.discountTotal, o.shippingTotal, o.taxTotal, o.total].map(show)).toEqual(['1.00 USD', '0.00 USD', '1.51 USD', '10.51 USD']);
    expect(show(o.lines[0].total)).toBe('10.01 USD');
    expect(o.couponCodes).toEqual(['SPRING', 'FREESHIP']);
  });

  it('makes gift wrap and a COD fee lines of their own', () => {
    const usd = (amount: string) => ({ CurrencyCode: 'USD', Amount: amount });
    const o = orderOf(withItem((item) => Object.assign(item, { GiftWrapPrice: usd('2.00'), GiftWrapTax: usd('0.20'), CODFee: usd('3.00'), CODFeeDiscount: usd('1.00') }), (o) => (o.OrderTotal.Amount = '15.21')));
    expect(o.lines.map((l) => [l.title, show(l.total)])).toEqual([
      [sourceItem.Title, '11.01 USD'],
      [`Gift wrap: ${sourceItem.Title}`, '2.20 USD'],
      ['Cash on delivery fee', '2.00 USD'],
    ]);
  });

  it('leaves an item amount in another currency out, with a warning', () => {
    const result = withItem((item) => (item.ItemTax.CurrencyCode = 'EUR'));
    expect(show(orderOf(result).taxTotal)).toBe('0.00 USD');
    expect(result?.outcome === 'record' && result.warnings).toEqual(["parts.items.OrderItems[0].ItemTax is in EUR, not the order's USD: left out"]);
  });

  it('with pricesIncludeTax, takes ItemPrice as tax-inclusive (VAT marketplaces)', () => {
    const parts = partsFrom(sample(GET_ORDER), variant(GET_ITEMS, (b) => delete b.payload.OrderItems[0].BuyerRequestedCancel))[ID];
    const o = assembled({ ...parts, order: { ...(order as object), OrderTotal: { CurrencyCode: 'USD', Amount: '10.00' } } }, ID, { ...CHANNEL, settings: { pricesIncludeTax: true } });
    expect([o.taxesIncluded, show(o.lines[0].total), show(o.taxTotal), show(o.total)]).toEqual([true, '10.00 USD', '1.01 USD', '10.00 USD']);
  });
});

describe('assemble: a Pending order', () => {
  const PENDING = '902-3159896-1390916';
  const { order } = partsFrom(sample(GET_ORDERS_PENDING))[PENDING];
  const items = (change: (item: Record<string, any>) => void = () => {}) =>
    partsFrom(variant(GET_ITEMS, (b) => ((b.payload.AmazonOrderId = PENDING), delete b.payload.OrderItems[0].BuyerRequestedCancel, change(b.payload.OrderItems[0]))))[PENDING].items;

  it('has total 0 in the items’ currency, keeps its lines, and says what they come to', () => {
    const result = assemble({ order, items: items() }, PENDING);
    if (result?.outcome !== 'record' || result.records[0].kind !== 'order') throw new Error('no order');
    const o = result.records[0];
    expect([o.status, show(o.total), show(o.subtotal), o.lines.length]).toEqual(['PENDING', '0.00 USD', '10.00 USD', 1]);
    expect(result.warnings).toEqual([`order ${PENDING} (Pending) has no OrderTotal yet: total 0 until Amazon states it; its lines come to 11.01 USD`]);
  });

  it('takes items without prices (as Amazon sends them while Pending) as lines at 0, in the channel currency', () => {
    const o = assembled({ order, items: items((item) => ['ItemPrice', 'ItemTax', 'PromotionDiscount'].forEach((k) => delete item[k])) }, PENDING, { ...CHANNEL, currencyCode: 'CAD' });
    expect([o.currency, show(o.total), o.lines.map((l) => [l.quantity, show(l.unitPrice)])]).toEqual(['CAD', '0.00 CAD', [[1, '0.00 CAD']]]);
  });
});
