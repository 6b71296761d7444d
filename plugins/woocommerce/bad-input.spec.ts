/** Bad data is `invalid` at the field's path, never a crash. */
import { deliver, ORDER_CREATED, REFUND, variant } from './test-fixtures';

it.each([
  ['a total of "twelve"', (o: Record<string, any>) => (o.total = 'twelve'), 'total'],
  ['a quantity of -3', (o: Record<string, any>) => (o.line_items[0].quantity = -3), 'line_items[0].quantity'],
  ['a quantity of 1.5', (o: Record<string, any>) => (o.line_items[1].quantity = 1.5), 'line_items[1].quantity'],
  ['an unknown currency', (o: Record<string, any>) => (o.currency = 'XYZ'), 'currency'],
  ['a total with too many decimals', (o: Record<string, any>) => (o.total = '29.351'), 'total'],
  ['a line subtotal with too many decimals', (o: Record<string, any>) => (o.line_items[0].subtotal = '6.001'), 'line_items[0].subtotal'],
  ['a shipping total with too many decimals', (o: Record<string, any>) => (o.shipping_total = '10.005'), 'shipping_total'],
  ['no id', (o: Record<string, any>) => delete o.id, 'id'],
  ['no line items', (o: Record<string, any>) => delete o.line_items, 'line_items'],
  ['no date_created_gmt', (o: Record<string, any>) => (o.date_created_gmt = null), 'date_created_gmt'],
  ['a date that does not exist', (o: Record<string, any>) => (o.date_created_gmt = '2017-02-30T19:28:02'), 'date_created_gmt'],
  ['a positive refund total', (o: Record<string, any>) => (o.refunds = [{ id: 1, refund: '', total: '10.00' }]), 'refunds[0].total'],
  ['a negative customer id', (o: Record<string, any>) => (o.customer_id = -3), 'customer_id'],
  ['billing that is not an object', (o: Record<string, any>) => (o.billing = 'twelve'), 'billing'],
])('%s is invalid at its path', (_name, change, path) => {
  const result = deliver(variant(ORDER_CREATED, change));
  expect(result).toMatchObject({ outcome: 'invalid', path });
  expect(result.outcome === 'invalid' && result.reason).not.toMatch(/the plugin failed/);
});

it('the unknown currency is named in the reason', () => {
  expect(deliver(variant(ORDER_CREATED, (o) => (o.currency = 'XYZ')))).toEqual({
    outcome: 'invalid',
    reason: 'expected an ISO-4217 currency code such as "USD", got "XYZ"',
    path: 'currency',
  });
});

it('a refund resource without its order is invalid at _links.up', () => {
  const refund = variant(REFUND, (r) => delete r._links);
  expect(deliver(refund, { 'x-salesgraph-topic': 'refund.created' })).toMatchObject({ outcome: 'invalid', path: '_links.up' });
});

it('a date_created_gmt with an offset is taken as it says', () => {
  const result = deliver(variant(ORDER_CREATED, (o) => (o.date_created_gmt = '2017-03-22T16:28:02-03:00')));
  expect(result.outcome === 'record' && result.records[0].kind === 'order' && result.records[0].placedAt.toISOString()).toBe('2017-03-22T19:28:02.000Z');
});
