import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Where and when a customer was won: their first order, the earliest non-cancelled one by
 * placedAt (the lowest order id among orders at that very instant), on any channel in any
 * currency. Kept beside customer_stats by the same recounts (the ingestion write path, merges,
 * the data generator); a customer without such an order has no row. salesSummary counts a
 * group's new customers from it: one row per customer, so the counts add up across slots and
 * channels. No foreign keys: written only beside the orders it is read from.
 */
@Entity({ tableName: 'customer_acquisition' })
// covers salesSummary's count: a range of acquiredAt grouped by channel and currency, read from the index alone
@Index({ name: 'customer_acquisition_acquired_at_index', properties: ['acquiredAt', 'channelId', 'currencyCode'] })
export class CustomerAcquisition {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  customerId: number;

  /** The first order's id. */
  @Property({ type: 'integer' })
  orderId: number;

  @Property({ type: 'integer' })
  channelId: number;

  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  /** The first order's placedAt. */
  @Property({ type: 'datetime' })
  acquiredAt: Date;
}
