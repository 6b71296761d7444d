import {
  OptionalProps, BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { Customer } from '../customers/customer.entity';
import { MoneyObject, moneyOf } from '../money/money.type';
import { OrderStatus } from './order-status';

const minorUnits = () => ({ type: new BigIntType('number'), default: 0 });

/** An order as one channel placed it, normalized: money in integer minor units of one currency. */
@ObjectType({ simpleResolvers: true, description: 'An order from any channel, in the unified model.' })
@Entity({ tableName: 'order' })
@Unique({ properties: ['channel', 'externalId'] })
// pages in (placedAt, id) order; the columns after them let salesSummary count customers per period from the index alone
@Index({ name: 'order_placed_at_covering_index', properties: ['placedAt', 'id', 'channel', 'currencyCode', 'customer', 'status'] })
@Index({ name: 'order_customer_placed_at_index', properties: ['customer', 'placedAt'] })
@Index({ name: 'order_channel_placed_at_index', properties: ['channel', 'placedAt'] })
export class Order {
  [OptionalProps]?: 'number' | 'customer' | 'subtotalMinor' | 'discountTotalMinor' | 'taxTotalMinor' | 'shippingTotalMinor' | 'totalMinor' | 'refundedTotalMinor' | 'taxesIncluded' | 'couponCodes' | 'sourceUpdatedAt' | 'sourceVersion' | 'contentHash' | 'createdAt' | 'updatedAt' | 'subtotal' | 'discountTotal' | 'taxTotal' | 'shippingTotal' | 'total' | 'refundedTotal';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // indexed by (channel, placedAt) and (channel, externalId)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  @Field({ description: "The channel's own order id." })
  @Property({ type: 'string', length: 200 })
  externalId: string;

  @Field(() => String, { nullable: true, description: 'What the merchant and the buyer see, e.g. "#1001".' })
  @Property({ type: 'string', length: 200, nullable: true })
  number: string | null = null;

  @Field(() => OrderStatus)
  @Property({ type: 'string', length: 32 })
  status: OrderStatus;

  @Field()
  @Property({ type: 'datetime' })
  placedAt: Date;

  // indexed by (customer, placedAt)
  @ManyToOne({ entity: () => Customer, nullable: true, deleteRule: 'set null', index: false })
  customer: Rel<Customer> | null = null;

  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  @Property(minorUnits())
  subtotalMinor: number = 0;

  @Property(minorUnits())
  discountTotalMinor: number = 0;

  @Property(minorUnits())
  taxTotalMinor: number = 0;

  @Property(minorUnits())
  shippingTotalMinor: number = 0;

  @Property(minorUnits())
  totalMinor: number = 0;

  @Property(minorUnits())
  refundedTotalMinor: number = 0;

  /** True when the channel's prices include tax (then total = subtotal − discounts + shipping). */
  @Property({ type: 'boolean', default: false })
  taxesIncluded: boolean = false;

  @Field(() => [String])
  @Property({ type: 'json' })
  couponCodes: string[] = [];

  /** The channel's own updated time of the version stored, for ordering deliveries. */
  @Property({ type: 'datetime', nullable: true })
  sourceUpdatedAt: Date | null = null;

  /** The channel's version number of the stored version, where it has one (Square). */
  @Property({ type: 'integer', nullable: true })
  sourceVersion: number | null = null;

  /** Digest of the normalized order, to tell a repeated delivery from a change. */
  @Property({ type: 'string', length: 64, nullable: true })
  contentHash: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => MoneyObject, { description: 'Sum of the lines before discounts, tax and shipping.' })
  get subtotal(): MoneyObject {
    return moneyOf(this.subtotalMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get discountTotal(): MoneyObject {
    return moneyOf(this.discountTotalMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get taxTotal(): MoneyObject {
    return moneyOf(this.taxTotalMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get shippingTotal(): MoneyObject {
    return moneyOf(this.shippingTotalMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get total(): MoneyObject {
    return moneyOf(this.totalMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get refundedTotal(): MoneyObject {
    return moneyOf(this.refundedTotalMinor, this.currencyCode);
  }
}
