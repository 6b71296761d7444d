import { hash } from 'node:crypto';

import type { Money } from '../money/money';
import type { CustomerIdentityRecord, OrderRecord } from '../plugin-sdk';

const money = (m: Money) => [m.minor, m.currency];
const instant = (d: Date | null) => (d === null || Number.isNaN(d.getTime()) ? null : d.getTime());
const identity = (c: CustomerIdentityRecord | null) => (c === null ? null : [c.externalId, c.email, c.emailMatchable, c.phone, c.name]);

/**
 * A digest of what an order says, leaving out when the channel last touched it (its updated time
 * and version): a delivery whose normalized order hashes the same as the stored one is a
 * duplicate. Every field the order is stored with takes part, in a fixed order.
 */
export function orderContentHash(order: OrderRecord): string {
  const content = [
    order.externalId,
    order.number,
    order.status,
    instant(order.placedAt),
    order.currency,
    money(order.subtotal),
    money(order.discountTotal),
    money(order.taxTotal),
    money(order.shippingTotal),
    money(order.total),
    money(order.refundedTotal),
    order.taxesIncluded,
    order.couponCodes,
    order.lines.map((l) => [l.sku, l.title, l.quantity, money(l.unitPrice), money(l.discount), money(l.tax), money(l.total)]),
    (order.refunds ?? []).map((r) => [r.refundId, money(r.amount), instant(r.occurredAt)]),
    identity(order.customer),
  ];
  return hash('sha256', JSON.stringify(content), 'hex');
}
