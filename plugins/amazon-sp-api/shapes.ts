/**
 * What an Amazon delivery is, told by its shape (a connector pushes the API responses as Amazon
 * returns them, with no topic header; a dead letter replays the same way).
 */
export type Shape =
  | 'v0-orders' // getOrders: {payload: {Orders: [...], NextToken?}}
  | 'v0-order' // getOrder: {payload: {AmazonOrderId, OrderStatus, ...}}
  | 'v0-items' // getOrderItems: {payload: {AmazonOrderId, OrderItems: [...]}}
  | 'v0-buyer' // getOrderBuyerInfo: {payload: {AmazonOrderId, BuyerEmail?, BuyerName?, ...}}
  | 'v0-address' // getOrderAddress: {payload: {AmazonOrderId, ShippingAddress?, ...}}
  | 'v0-errors' // an error response: {errors: [...]} without payload
  | 'v2026-orders' // searchOrders: {orders: [...], pagination?}
  | 'v2026-order' // getOrder 2026-01-01: {order: {...}}
  | 'order-change' // an ORDER_CHANGE notification
  | 'other-notification' // any other notification type
  | 'unknown';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const BUYER_KEYS = ['BuyerEmail', 'BuyerName', 'BuyerCounty', 'BuyerTaxInfo', 'PurchaseOrderNumber'];
const ADDRESS_KEYS = ['ShippingAddress', 'BuyerCompanyName', 'DeliveryPreferences'];

export function shapeOf(payload: unknown): Shape {
  if (!isObject(payload)) return 'unknown';
  if (payload.NotificationType !== undefined) return payload.NotificationType === 'ORDER_CHANGE' ? 'order-change' : 'other-notification';
  if (payload.payload !== undefined) {
    const body = payload.payload;
    if (!isObject(body)) return 'unknown';
    if ('Orders' in body) return 'v0-orders';
    if ('OrderItems' in body) return 'v0-items';
    if ('OrderStatus' in body) return 'v0-order';
    if (ADDRESS_KEYS.some((key) => key in body)) return 'v0-address';
    if (BUYER_KEYS.some((key) => key in body)) return 'v0-buyer';
    return 'unknown';
  }
  if ('orders' in payload) return 'v2026-orders';
  if ('order' in payload) return 'v2026-order';
  if (Array.isArray(payload.errors)) return 'v0-errors';
  return 'unknown';
}
