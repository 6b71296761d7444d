/** Bad data is `invalid` at its path, before anything is kept. */
import { deliver, GET_ITEMS, GET_ORDER, GET_ORDER_2026, GET_ORDERS, variant } from './test-fixtures';

it.each([
  ['an amount that is not a number', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].ItemPrice.Amount = 'ten'), 'payload.OrderItems[0].ItemPrice.Amount'],
  ['more decimals than the currency has', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].ItemTax.Amount = '1.015'), 'payload.OrderItems[0].ItemTax.Amount'],
  ['a negative price', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].ItemPrice.Amount = '-10.00'), 'payload.OrderItems[0].ItemPrice.Amount'],
  ['an unknown currency', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].ItemPrice.CurrencyCode = 'XYZ'), 'payload.OrderItems[0].ItemPrice.CurrencyCode'],
  ['a fractional quantity', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].QuantityOrdered = 1.5), 'payload.OrderItems[0].QuantityOrdered'],
  ['a priced item of quantity 0', GET_ITEMS, (b: any) => (b.payload.OrderItems[0].QuantityOrdered = 0), 'payload.OrderItems[0].QuantityOrdered'],
  ['a purchase date without an offset', GET_ORDER, (b: any) => (b.payload.PurchaseDate = '2026-01-01 10:00'), 'payload.PurchaseDate'],
  ['a bad order total in a page', GET_ORDERS, (b: any) => (b.payload.Orders[1].OrderTotal.Amount = '11.0.1'), 'payload.Orders[1].OrderTotal.Amount'],
  ['a bad 2026 unit price', GET_ORDER_2026, (b: any) => (b.order.orderItems[0].product.price.unitPrice.amount = 'free'), 'order.orderItems[0].product.price.unitPrice.amount'],
  ['a 2026 quantity of 0', GET_ORDER_2026, (b: any) => (b.order.orderItems[0].quantityOrdered = 0), 'order.orderItems[0].quantityOrdered'],
])('%s', (_name, file, change, path) => {
  expect(deliver(variant(file, change))).toMatchObject({ outcome: 'invalid', path });
});

it('refuses what is no Amazon response', () => {
  expect(deliver({ hello: 'world' })).toMatchObject({ outcome: 'invalid', path: '' });
  expect(deliver({ payload: { AmazonOrderId: '1' } })).toMatchObject({ outcome: 'invalid' });
});

it('skips an error response', () => {
  expect(deliver({ errors: [{ code: 'InvalidInput', message: 'bad' }] }).outcome).toBe('skip');
});
