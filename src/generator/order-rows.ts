/**
 * Turns a generated order into `order` and `order_line` rows (entity property names, references
 * as ids), ready for a batch insert.
 *
 * @packageDocumentation
 */

import { OrderStatus } from '../orders/order-status';
import type { ChannelProfile } from './channels';
import type { GeneratedOrder } from './order-builder';
import type { OrderIds } from './order-numbering';
import type { Random } from './random';
import { addCapped } from './timeline';

const SQUARE_VERSION: Record<OrderStatus, number> = {
  [OrderStatus.PENDING]: 1,
  [OrderStatus.PAID]: 2,
  [OrderStatus.FULFILLED]: 3,
  [OrderStatus.CANCELLED]: 3,
  [OrderStatus.PARTIALLY_REFUNDED]: 4,
  [OrderStatus.REFUNDED]: 4,
};

/** The `order` row of a generated order. */
export function orderRow(
  rng: Random,
  profile: ChannelProfile,
  channelId: number,
  customerId: number | null,
  ids: OrderIds,
  order: GeneratedOrder,
  now: Date,
): Record<string, unknown> {
  // The gateway hears of an order a few seconds after it is placed, and keeps the latest version.
  const createdAt = addCapped(order.placedAt, rng.int(800, 20_000), now);
  const updatedAt = new Date(Math.max(createdAt.getTime(), order.sourceUpdatedAt.getTime()));
  return {
    channel: channelId,
    externalId: ids.externalId,
    number: ids.number,
    status: order.status,
    placedAt: order.placedAt,
    customer: customerId,
    currencyCode: order.currencyCode,
    subtotalMinor: order.subtotalMinor,
    discountTotalMinor: order.discountTotalMinor,
    taxTotalMinor: order.taxTotalMinor,
    shippingTotalMinor: order.shippingTotalMinor,
    totalMinor: order.totalMinor,
    refundedTotalMinor: order.refundedTotalMinor,
    couponCodes: order.couponCodes,
    sourceUpdatedAt: order.sourceUpdatedAt,
    sourceVersion: profile.idStyle === 'square' ? SQUARE_VERSION[order.status] + rng.int(0, 1) : null,
    contentHash: null,
    createdAt,
    updatedAt,
  };
}

/** The `order_line` rows of a generated order whose row got id `orderId`. */
export function lineRows(orderId: number, order: GeneratedOrder): Array<Record<string, unknown>> {
  return order.lines.map((line) => ({
    order: orderId,
    position: line.position,
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    currencyCode: line.currencyCode,
    unitPriceMinor: line.unitPriceMinor,
    discountMinor: line.discountMinor,
    taxMinor: line.taxMinor,
    totalMinor: line.totalMinor,
  }));
}
