import type { ChannelContext, PayloadReader, RefundRecord } from '../../src/plugin-sdk';
import { gmt } from './times';

/** ".../wc/v3/orders/723/refunds/726" or ".../wc/v3/orders/723": the order's id. */
const ORDER_LINK = /\/orders\/(\d+)(?:\/refunds(?:\/\d+)?)?\/?$/;

/**
 * The order a refund resource belongs to. WooCommerce's refund resource does not name its order
 * in a field: only its `_links.up[0].href` (".../orders/723") does. A connector may add the
 * order's id as `order_id`, which then wins.
 */
function orderIdOf(refund: PayloadReader): string {
  const explicit = refund.optId('order_id');
  if (explicit !== null) return explicit;
  const up = refund.optAt('_links')?.optItems('up') ?? [];
  for (const link of up) {
    const match = ORDER_LINK.exec(link.optString('href') ?? '');
    if (match) return match[1];
  }
  return refund.reject('expected the order of the refund: an "order_id", or an "_links.up" link to ".../orders/{id}"', '_links.up');
}

/**
 * WooCommerce's refund resource (`GET/POST /orders/{id}/refunds`), pushed by a connector: its
 * `amount` is positive. It states no currency: the amount is read in the channel's currency
 * (a refund of an order in another currency is not counted on that order by the gateway).
 */
export function refundRecord(refund: PayloadReader, channel: ChannelContext): RefundRecord {
  const refundId = refund.id('id');
  const orderExternalId = orderIdOf(refund);
  const amount = refund.money('amount', channel.currencyCode);
  if (amount.minor < 0) refund.reject('expected a refund amount of zero or more (WooCommerce states it positive)', 'amount');
  return { kind: 'refund', orderExternalId, refundId, amount, occurredAt: gmt(refund, 'date_created_gmt') };
}
