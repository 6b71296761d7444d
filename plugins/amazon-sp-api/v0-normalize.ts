import { PayloadReader, type OrderPartRecord } from '../../src/plugin-sdk';
import { readV0Address, readV0Buyer, readV0Items, readV0Order } from './v0-parts';

/** The part names this plugin keeps per order (see README, "Joining v0 responses"). */
export type V0PartName = 'order' | 'items' | 'buyer' | 'address';

const part = (orderExternalId: string, name: V0PartName, data: unknown): OrderPartRecord => ({ kind: 'orderPart', orderExternalId, part: name, data });

/**
 * The v0 responses as order parts: each piece is validated now (a bad field is `invalid` at
 * `payload.…`, before anything is kept) and kept as the raw JSON object Amazon sent, for
 * `assemble`. A getOrders page gives one `order` part per order.
 */
export function v0Parts(
  shape: 'v0-orders' | 'v0-order' | 'v0-items' | 'v0-buyer' | 'v0-address',
  payload: unknown,
  warnings: string[],
): OrderPartRecord[] {
  const body = PayloadReader.of(payload).at('payload');
  switch (shape) {
    case 'v0-orders':
      return body.items('Orders').map((order) => part(readV0Order(order).amazonOrderId, 'order', order.value));
    case 'v0-order':
      return [part(readV0Order(body).amazonOrderId, 'order', body.value)];
    case 'v0-items': {
      const items = readV0Items(body);
      if (items.nextToken !== null) {
        warnings.push(`getOrderItems of order ${items.amazonOrderId} has more pages (NextToken): only this page is kept; push the items merged into one response`);
      }
      return [part(items.amazonOrderId, 'items', body.value)];
    }
    case 'v0-buyer':
      return [part(readV0Buyer(body).amazonOrderId, 'buyer', body.value)];
    case 'v0-address':
      return [part(readV0Address(body).amazonOrderId, 'address', body.value)];
  }
}
