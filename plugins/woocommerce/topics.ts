import { quoted } from './text';

/** What a delivery carries, and so how it is read. */
export type Route =
  | { kind: 'order' }
  | { kind: 'customer' }
  | { kind: 'refund' }
  | { kind: 'skip'; reason: string };

/** WooCommerce topics (`X-WC-Webhook-Topic`, `resource.event`) that carry an order, a customer or a refund. */
const ROUTES: ReadonlyMap<string, Route['kind']> = new Map([
  ['order.created', 'order'],
  ['order.updated', 'order'],
  ['order.restored', 'order'], // the order comes back from the trash, whole
  ['customer.created', 'customer'],
  ['customer.updated', 'customer'],
  // Not a WooCommerce topic (WooCommerce has no refund webhook; a refund fires order.updated):
  // the topic a connector pushing the refund resource names in X-Salesgraph-Topic.
  ['refund.created', 'refund'],
]);

/** Topics understood and deliberately left out, with the reason the skip gives. */
const SKIPPED: ReadonlyMap<string, string> = new Map([
  ['order.deleted', 'order.deleted: the body is only the id, and a deleted (trashed) order is not a cancelled one; the order is kept as last stated'],
  ['customer.deleted', 'customer.deleted: the body is only the id; salesgraph keeps the customer (erasure is an explicit eraseCustomer)'],
]);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The kind of a payload that arrived without a topic (a connector that names none, a dead letter
 * replayed without its headers), by its shape: a list is a REST page of orders; `amount` without
 * `total` is a refund; `username` or `role` is a customer; anything else is read as an order.
 */
function routeByShape(payload: unknown): Route {
  if (!isObject(payload)) return { kind: 'order' };
  if ('amount' in payload && !('total' in payload)) return { kind: 'refund' };
  if (('username' in payload || 'role' in payload) && !('line_items' in payload)) return { kind: 'customer' };
  return { kind: 'order' };
}

/**
 * How to read a delivery: by its topic (`X-WC-Webhook-Topic`, else `X-Salesgraph-Topic`), else by
 * its shape. WooCommerce's ping (`{"webhook_id": 12}`, sent when a webhook is saved) is skipped.
 */
export function routeOf(payload: unknown, headers: Readonly<Record<string, string | undefined>>): Route {
  if (isObject(payload) && 'webhook_id' in payload && !('id' in payload)) {
    return { kind: 'skip', reason: 'a WooCommerce webhook ping (webhook_id): nothing to record' };
  }
  const topic = (headers['x-wc-webhook-topic'] ?? headers['x-salesgraph-topic'])?.trim().toLowerCase();
  if (!topic) return routeByShape(payload);
  const kind = ROUTES.get(topic);
  if (kind) return { kind } as Route;
  const reason = SKIPPED.get(topic);
  if (reason) return { kind: 'skip', reason };
  return { kind: 'skip', reason: `the woocommerce plugin takes ${[...ROUTES.keys()].join(', ')}, not ${quoted(topic)}` };
}
