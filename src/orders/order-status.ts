import { registerEnumType } from 'type-graphql';

/** One status per order, by the contract's precedence (see README "Order status"). */
export enum OrderStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
}

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description:
    'CANCELLED if the channel cancelled it; else REFUNDED if fully refunded; PARTIALLY_REFUNDED if partly; FULFILLED if shipped or handed over; PAID if captured; else PENDING.',
});
