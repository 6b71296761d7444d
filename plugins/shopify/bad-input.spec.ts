import plugin from './index';
import { bareObject, deliver, variantOf } from './test-fixtures';

const TENOFF = 'rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json';

type Json = Record<string, any>;

const rejected = (change: (o: Json) => void, file = TENOFF) => deliver(variantOf(file, change), 'orders/updated');

describe('a bad order is invalid, with the path of the bad field', () => {
  it.each([
    ['a price of "twelve"', (o: Json) => (o.line_items[1].price = 'twelve'), 'line_items[1].price'],
    ['a quantity of -3', (o: Json) => (o.line_items[1].quantity = -3), 'line_items[1].quantity'],
    ['a quantity of 1.5', (o: Json) => (o.line_items[0].quantity = 1.5), 'line_items[0].quantity'],
    ['an unknown currency', (o: Json) => (o.currency = 'XYZ'), 'currency'],
    ['an unknown shop currency', (o: Json) => (o.total_price_set.shop_money.currency_code = 'XYZ'), 'total_price_set.shop_money.currency_code'],
    ['too many decimals, "10.001" USD', (o: Json) => (o.total_price = '10.001'), 'total_price'],
    ['a discount allocation of "ten"', (o: Json) => (o.line_items[2].discount_allocations[0].amount = 'ten'), 'line_items[2].discount_allocations[0].amount'],
    ['no id', (o: Json) => delete o.id, 'id'],
    ['no total', (o: Json) => (delete o.total_price, delete o.total_price_set), 'total_price'],
    ['a created_at that is not a time', (o: Json) => ((o.processed_at = null), (o.created_at = 'yesterday')), 'created_at'],
    ['line_items that are not a list', (o: Json) => (o.line_items = 'twelve'), 'line_items'],
  ])('%s', (_name, change, path) => {
    expect(rejected(change)).toMatchObject({ outcome: 'invalid', path });
  });
});

describe('the topic', () => {
  it('missing, the payload is invalid', () => {
    expect(deliver(bareObject(TENOFF), null)).toEqual({ outcome: 'invalid', reason: 'X-Shopify-Topic header is missing', path: '' });
  });

  it('one the plugin does not take is skipped, with the reason', () => {
    expect(deliver(bareObject(TENOFF), 'orders/fulfilled')).toMatchObject({ outcome: 'skip', reason: expect.stringContaining('orders/fulfilled') });
  });

  it("is read whatever the header name's case", () => {
    const channel = { code: 'shop', currencyCode: 'USD', settings: {} };
    const result = plugin.normalize({ payload: bareObject(TENOFF), headers: { 'X-Shopify-Topic': 'orders/updated' }, channel });
    expect(result.outcome).toBe('record');
  });
});

describe('a bad refund or customer', () => {
  it('a refund without order_id is invalid at order_id', () => {
    expect(deliver(variantOf('rest-2026-07-refund-get-2lines.json', (r) => delete r.order_id), 'refunds/create')).toMatchObject({ outcome: 'invalid', path: 'order_id' });
  });

  it('a refund transaction of "twelve" is invalid at its amount', () => {
    const payload = variantOf('rest-2026-07-refund-get-2lines.json', (r) => (r.transactions[0].amount = 'twelve'));
    expect(deliver(payload, 'refunds/create')).toMatchObject({ outcome: 'invalid', path: 'transactions[0].amount' });
  });

  it('a customer without id is invalid at id', () => {
    expect(deliver(variantOf('rest-2026-07-customer-get.json', (c) => delete c.id), 'customers/update')).toMatchObject({ outcome: 'invalid', path: 'id' });
  });
});
