/** Every status value Amazon sends, v0 and 2026, on an assembled order and a 2026 order. */
import { assembled, deliver, GET_ITEMS, GET_ORDER, GET_ORDER_2026, ordersOf, partsFrom, variant } from './test-fixtures';

const ID = '902-1845936-5435065';
const items = partsFrom(variant(GET_ITEMS, (b) => delete b.payload.OrderItems[0].BuyerRequestedCancel))[ID].items;

it.each([
  ['Pending', 'PENDING'],
  ['PendingAvailability', 'PENDING'],
  ['Unshipped', 'PAID'],
  ['PartiallyShipped', 'PAID'],
  ['Shipped', 'FULFILLED'],
  ['InvoiceUnconfirmed', 'FULFILLED'],
  ['Canceled', 'CANCELLED'],
  ['Unfulfillable', 'CANCELLED'],
  ['SomethingNew', 'PENDING'],
])('v0 OrderStatus %s → %s', (stated, expected) => {
  const { order } = partsFrom(variant(GET_ORDER, (b) => (b.payload.OrderStatus = stated)))[ID];
  expect(assembled({ order, items }, ID).status).toBe(expected);
});

it.each([
  ['PENDING', 'PENDING'],
  ['PENDING_AVAILABILITY', 'PENDING'],
  ['UNSHIPPED', 'PAID'],
  ['PARTIALLY_SHIPPED', 'PAID'],
  ['SHIPPED', 'FULFILLED'],
  ['INVOICE_UNCONFIRMED', 'FULFILLED'],
  ['DELIVERED', 'FULFILLED'],
  ['CANCELLED', 'CANCELLED'],
  ['UNFULFILLABLE', 'CANCELLED'],
  ['SOMETHING_NEW', 'PENDING'],
])('2026 fulfillmentStatus %s → %s', (stated, expected) => {
  expect(ordersOf(deliver(variant(GET_ORDER_2026, (b) => (b.order.fulfillment.fulfillmentStatus = stated))))[0].status).toBe(expected);
});

it('warns about a status it does not know', () => {
  const result = deliver(variant(GET_ORDER_2026, (b) => (b.order.fulfillment.fulfillmentStatus = 'SOMETHING_NEW')));
  expect(result.outcome === 'record' && result.warnings).toEqual(['order 114-9876543-1234567: fulfillment.fulfillmentStatus "SOMETHING_NEW" is not a known Amazon status: read as PENDING']);
});
