import type { SqlEntityManager } from '@mikro-orm/knex';

import { ChannelKind } from '../channels/channel-kind';
import { Channel } from '../channels/channel.entity';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Customer } from '../customers/customer.entity';
import { parseMoney } from '../money/money';
import { OrderLine } from '../orders/order-line.entity';
import { OrderStatus } from '../orders/order-status';
import { Order } from '../orders/order.entity';

/** Test data written straight to the database, for API tests that need known rows. */
export async function makeChannel(
  em: SqlEntityManager,
  data: Partial<Pick<Channel, 'name' | 'kind' | 'plugin' | 'currencyCode' | 'countryCode'>> & { code: string },
): Promise<Channel> {
  const channel = em.create(Channel, {
    name: data.code,
    kind: ChannelKind.STOREFRONT,
    plugin: 'shopify',
    currencyCode: 'USD',
    ...data,
  });
  await em.persistAndFlush(channel);
  return channel;
}

export async function makeCustomer(
  em: SqlEntityManager,
  data: { email?: string; phone?: string; name?: string; identities?: Array<{ channel: Channel; externalId: string }> },
): Promise<Customer> {
  const customer = em.create(Customer, { email: data.email ?? null, phone: data.phone ?? null, name: data.name ?? null });
  for (const identity of data.identities ?? []) {
    em.create(ChannelIdentity, { customer, channel: identity.channel, externalId: identity.externalId });
  }
  await em.flush();
  return customer;
}

export interface LineSpec {
  sku?: string;
  title?: string;
  quantity?: number;
  /** Decimal strings in major units of the order's currency. */
  unitPrice: string;
  discount?: string;
  tax?: string;
}

/** An order whose money adds up: line total = unit × qty − discount + tax; total = Σ + shipping. */
export async function makeOrder(
  em: SqlEntityManager,
  data: {
    channel: Channel;
    externalId: string;
    number?: string;
    customer?: Customer | null;
    placedAt?: Date;
    status?: OrderStatus;
    currency?: string;
    lines?: LineSpec[];
    shipping?: string;
    couponCodes?: string[];
  },
): Promise<Order> {
  const currency = data.currency ?? data.channel.currencyCode;
  const minor = (amount: string | undefined) => (amount ? parseMoney(amount, currency).minor : 0);
  const specs = data.lines ?? [{ sku: 'SKU-1', unitPrice: '10.00' }];
  const order = em.create(Order, {
    channel: data.channel,
    externalId: data.externalId,
    number: data.number ?? data.externalId,
    customer: data.customer ?? null,
    placedAt: data.placedAt ?? new Date(),
    status: data.status ?? OrderStatus.PAID,
    currencyCode: currency,
    couponCodes: data.couponCodes ?? [],
  });
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  specs.forEach((spec, position) => {
    const quantity = spec.quantity ?? 1;
    const line = em.create(OrderLine, {
      order,
      position,
      sku: spec.sku ?? null,
      title: spec.title ?? spec.sku ?? `Item ${position + 1}`,
      quantity,
      currencyCode: currency,
      unitPriceMinor: minor(spec.unitPrice),
      discountMinor: minor(spec.discount),
      taxMinor: minor(spec.tax),
    });
    line.totalMinor = line.unitPriceMinor * quantity - line.discountMinor + line.taxMinor;
    subtotal += line.unitPriceMinor * quantity;
    discount += line.discountMinor;
    tax += line.taxMinor;
  });
  order.subtotalMinor = subtotal;
  order.discountTotalMinor = discount;
  order.taxTotalMinor = tax;
  order.shippingTotalMinor = minor(data.shipping);
  order.totalMinor = subtotal - discount + tax + order.shippingTotalMinor;
  await em.flush();
  return order;
}
