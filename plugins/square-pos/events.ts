import { PayloadReader } from '../../src/plugin-sdk';

/** Square's order events: they carry the order's id, state and version, not the order. */
export const ORDER_EVENTS: ReadonlySet<string> = new Set(['order.created', 'order.updated', 'order.fulfillment.updated']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A Square webhook event: `{merchant_id, type, event_id, created_at, data: {type, id, object}}`. */
export function isSquareEvent(payload: unknown): payload is Record<string, unknown> {
  return isObject(payload) && typeof payload.type === 'string' && 'data' in payload && ('event_id' in payload || 'merchant_id' in payload);
}

export function isOrderEvent(payload: unknown): boolean {
  return isSquareEvent(payload) && ORDER_EVENTS.has(payload.type as string);
}

export interface OrderEventRef {
  orderId: string;
  /** The order version the event announces, when it states one. */
  version: number | null;
}

/**
 * The order an order event points at: `data.id` (else the `order_id` of `data.object.<data.type>`,
 * e.g. `data.object.order_updated`) and that object's `version`. Throws a PayloadError at the bad field.
 */
export function orderEventRef(payload: unknown): OrderEventRef {
  const data = PayloadReader.of(payload).at('data');
  const object = data.optAt('object');
  const key = data.optString('type');
  const inner = object && key ? object.optAt(key) : null;
  const orderId = data.optId('id') ?? inner?.optId('order_id') ?? data.reject('expected the order id', 'id');
  return { orderId, version: inner?.optInt('version') ?? null };
}

/** The object of a payment, refund or customer event (`data.object.payment`…). */
export function eventObject(payload: unknown, key: string): PayloadReader {
  return PayloadReader.of(payload).at('data').at('object').at(key);
}
