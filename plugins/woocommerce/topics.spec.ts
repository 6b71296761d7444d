/** What each delivery becomes: by X-WC-Webhook-Topic, X-Salesgraph-Topic, or the payload's shape. */
import { CUSTOMER, deliver, ORDER_CREATED, ORDERS_PAGE, recordsOf, REFUND, sample, variant } from './test-fixtures';

const kinds = (result: ReturnType<typeof deliver>) => recordsOf(result).map((r) => r.kind);

it.each(['order.created', 'order.updated', 'order.restored'])('%s gives the order', (topic) => {
  expect(kinds(deliver(sample(ORDER_CREATED), { 'x-wc-webhook-topic': topic }))).toEqual(['order']);
});

it.each([
  ['order.deleted', { id: 727 }, /a deleted \(trashed\) order is not a cancelled one/],
  ['customer.deleted', { id: 25 }, /eraseCustomer/],
  ['product.updated', { id: 93, name: 'Woo Single #1' }, /not "product.updated"/],
  ['coupon.created', { id: 5, code: '10off' }, /not "coupon.created"/],
  ['action.woocommerce_order_refunded', { action: 'woocommerce_order_refunded', arg: 723 }, /not "action.woocommerce_order_refunded"/],
])('%s is skipped, with the reason', (topic, payload, reason) => {
  const result = deliver(payload, { 'x-wc-webhook-topic': topic });
  expect(result.outcome).toBe('skip');
  expect(result.outcome === 'skip' && result.reason).toMatch(reason);
});

it("skips WooCommerce's ping, sent when a webhook is saved", () => {
  expect(deliver({ webhook_id: 12 }, {})).toEqual({ outcome: 'skip', reason: 'a WooCommerce webhook ping (webhook_id): nothing to record' });
});

it('customer.created and customer.updated give the customer', () => {
  expect(kinds(deliver(sample(CUSTOMER), { 'x-wc-webhook-topic': 'customer.created' }))).toEqual(['customer']);
});

it('reads X-Salesgraph-Topic when X-WC-Webhook-Topic is absent (a connector, a replayed dead letter)', () => {
  expect(kinds(deliver(sample(CUSTOMER), { 'x-salesgraph-topic': 'customer.updated' }))).toEqual(['customer']);
});

it.each([
  [ORDER_CREATED, ['order']],
  [ORDERS_PAGE, ['order', 'order']],
  [REFUND, ['refund']],
  [CUSTOMER, ['customer']],
])('without a topic, %s is read by its shape', (file, expected) => {
  expect(kinds(deliver(sample(file), {}))).toEqual(expected);
});

it('a REST page is taken whole or not at all: one bad order rejects the page at its path', () => {
  const page = structuredClone(sample(ORDERS_PAGE)) as Array<Record<string, unknown>>;
  page[1].total = 'twelve';
  expect(deliver(page, {})).toMatchObject({ outcome: 'invalid', path: '[1].total' });
});

it('an empty page is skipped', () => {
  expect(deliver([], {})).toEqual({ outcome: 'skip', reason: 'an empty list of orders' });
});

it('a refund names its order by order_id when a connector adds it', () => {
  const refund = variant(REFUND, (r) => {
    r.order_id = 723;
    delete r._links;
  });
  expect(recordsOf(deliver(refund, { 'x-salesgraph-topic': 'refund.created' }))).toMatchObject([{ kind: 'refund', orderExternalId: '723' }]);
});
