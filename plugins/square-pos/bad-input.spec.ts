/** Bad inputs are rejected as invalid at the offending field's path, never thrown. */
import { CREATE_ORDER, deliver, type Json, PAYMENT, REFUND, RETRIEVE_ORDER, sample, variant } from './test-fixtures';

const order = (change: (o: Json) => void) => variant(RETRIEVE_ORDER, (copy) => change(copy.order));

const CASES: Array<[string, unknown, string, RegExp]> = [
  ['a fractional quantity (sold by weight)', order((o) => (o.line_items[1].quantity = '1.5')), 'order.line_items[1].quantity', /fractional quantity "1.5"/],
  ['a zero quantity', order((o) => (o.line_items[0].quantity = '0')), 'order.line_items[0].quantity', /positive quantity/],
  ['a quantity that is not a number', order((o) => (o.line_items[0].quantity = 'two')), 'order.line_items[0].quantity', /expected a quantity/],
  ['an amount with decimals', order((o) => (o.total_money.amount = 5.5)), 'order.total_money.amount', /whole number of minor units/],
  ['an amount as text', order((o) => (o.line_items[0].gross_sales_money.amount = 'five')), 'order.line_items[0].gross_sales_money.amount', /not a whole number of minor units/],
  ['a line in another currency', order((o) => (o.line_items[0].total_money.currency = 'EUR')), 'order.line_items[0].total_money.currency', /is in EUR, not the order's USD/],
  ['an unknown currency', order((o) => (o.total_money.currency = 'XXX')), 'order.total_money.currency', /ISO-4217/],
  ['a line total that does not add up', order((o) => (o.line_items[0].total_money.amount = 251)), 'order.line_items[0].total_money', /gross sales − discount \+ tax is 2.50 USD/],
  ['a created_at without offset', order((o) => (o.created_at = '2020-05-18 16:30:49')), 'order.created_at', /ISO-8601/],
  ['no order id', order((o) => delete o.id), 'order.id', /expected an id/],
  ['mixed INCLUSIVE and ADDITIVE taxes', variant(CREATE_ORDER, ({ order: o }) => o.taxes.push({ ...o.taxes[0], uid: 'vat', type: 'INCLUSIVE' })), 'order.taxes', /mixes INCLUSIVE and ADDITIVE/],
  ['a page with one bad order', { orders: [sample(CREATE_ORDER).order, order((o) => (o.line_items[1].quantity = '0.5')).order] }, 'orders[1].line_items[1].quantity', /fractional/],
  ['a page that is not a list', { orders: 'none' }, 'orders', /expected an array/],
  ['a payment without an id', { payment: { ...sample(PAYMENT).payment, id: '' } }, 'payment.id', /expected an id/],
  ['a refund without an amount', { refund: { ...sample(REFUND).refund, amount_money: null } }, 'refund.amount_money', /expected an object/],
  ['a Square error response', { errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' }] }, 'errors', /error response/],
  ['an unknown object', { hello: 'world' }, '', /expected a Square webhook event/],
  ['a list', [1, 2], '', /expected a Square webhook event/],
];

describe('bad input', () => {
  it.each(CASES)('%s → invalid at its path', (_name, payload, path, reason) => {
    const result = deliver(payload);
    expect(result).toMatchObject({ outcome: 'invalid', path });
    expect(result.outcome === 'invalid' && result.reason).toMatch(reason);
  });
});
