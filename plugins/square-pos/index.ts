/**
 * The square-pos channel plugin (OFFLINE_STORE): Square webhook events, signed with
 * `x-square-hmacsha256-signature` (order events fetch the order from Square's Orders API), and
 * Orders, Payments, Refunds and Customers API responses pushed by a connector with
 * `X-Salesgraph-Signature`. README.md documents every mapping.
 *
 *   verify.ts       Square's signature (notification URL + body), X-Salesgraph-Signature, event_id
 *   events.ts       the event envelope; enrich.ts fetches the order of an order event
 *   order.ts        the order; order-lines.ts its lines; status.ts the status table; money.ts amounts
 *   records.ts      payments, refunds, customers
 *   settings.ts     the channel settings
 */
import { defineChannelPlugin, PayloadReader, record, skip, type NormalizeResult } from '../../src/plugin-sdk';
import { enrichSquare } from './enrich';
import { eventObject, isSquareEvent, ORDER_EVENTS } from './events';
import { isReturnOrder, orderOf } from './order';
import { customerOf, LIVE_REFUND, paymentOf, refundOf } from './records';
import { SETTINGS } from './settings';
import { squareDeliveryId, verifySquare } from './verify';

/** One order (`{order}`, or `{order, event}` as enrich hands it over). */
function oneOrder(order: PayloadReader): NormalizeResult {
  if (isReturnOrder(order)) return skip('a Square return order: the money returned reaches the sale order as its refunds');
  const warnings: string[] = [];
  return record(orderOf(order, warnings), warnings);
}

/** A page of orders (SearchOrders, BatchRetrieveOrders), taken whole or not at all. */
function orderPage(page: PayloadReader): NormalizeResult {
  const orders = page.items('orders');
  const warnings: string[] = [];
  const records = orders.flatMap((order) => {
    if (!isReturnOrder(order)) return [orderOf(order, warnings)];
    warnings.push(`${order.path} is a return order: left out`);
    return [];
  });
  return records.length ? record(records, warnings) : skip(orders.length ? 'a page of return orders only' : 'an empty page of orders');
}

function refund(refund: PayloadReader): NormalizeResult {
  const status = refund.optString('status');
  if (status !== null && !LIVE_REFUND.has(status)) return skip(`a ${status} refund returned no money`);
  if (refund.isMissing('order_id')) return skip('a refund of a payment without an order');
  return record(refundOf(refund));
}

/** A Square webhook event. */
function event(payload: Record<string, unknown>): NormalizeResult {
  const type = payload.type as string;
  if (ORDER_EVENTS.has(type)) {
    return { outcome: 'invalid', reason: `a Square ${type} event carries no lines nor totals: the order is fetched by enrich before normalize`, path: 'data' };
  }
  switch (type) {
    case 'payment.created':
    case 'payment.updated':
      return record(paymentOf(eventObject(payload, 'payment')));
    case 'refund.created':
    case 'refund.updated':
      return refund(eventObject(payload, 'refund'));
    case 'customer.created':
    case 'customer.updated':
      return record(customerOf(eventObject(payload, 'customer')));
    default:
      return skip(`Square event ${type} carries nothing salesgraph stores`);
  }
}

export default defineChannelPlugin({
  name: 'square-pos',
  kind: 'OFFLINE_STORE',
  version: '0.1.0',
  sdk: '^1.0.0',
  description:
    'Square webhook events (x-square-hmacsha256-signature; order events fetch the order from the Orders API), and Orders, Payments, Refunds and Customers API responses pushed by a connector',
  settings: SETTINGS,
  verify: verifySquare,
  deliveryId: squareDeliveryId,
  enrich: enrichSquare,
  normalize({ payload }) {
    const p = PayloadReader.of(payload);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return p.reject('expected a Square webhook event or an API response object');
    }
    if (isSquareEvent(payload)) return event(payload);
    if (!p.isMissing('order')) return oneOrder(p.at('order'));
    if (!p.isMissing('orders')) return orderPage(p);
    if (!p.isMissing('payment')) return record(paymentOf(p.at('payment')));
    if (!p.isMissing('refund')) return refund(p.at('refund'));
    if (!p.isMissing('customer')) return record(customerOf(p.at('customer')));
    if (!p.isMissing('order_entries')) return skip('SearchOrders order entries carry only ids: push the orders themselves');
    if (!p.isMissing('errors')) return p.reject('a Square error response, not data', 'errors');
    return p.reject('expected a Square webhook event or an Orders, Payments, Refunds or Customers API response ({order}, {orders}, {payment}, {refund}, {customer})');
  },
});
