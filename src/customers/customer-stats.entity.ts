import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A customer's orders on one channel in one currency, summed: kept by the ingestion write path
 * (by difference: each committed group takes out what its changed orders counted and adds what
 * it wrote) and recounted by merges, never per query.
 * Cancelled orders are left out. No foreign keys: written only beside the orders it sums.
 */
@Entity({ tableName: 'customer_stats' })
export class CustomerStats {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  customerId: number;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  channelId: number;

  @PrimaryKey({ type: 'string', length: 3 })
  currencyCode: string;

  @Property({ type: 'integer' })
  orderCount: number;

  /** Σ order total, in minor units. */
  @Property({ type: new BigIntType('number') })
  totalMinor: number;

  /** Σ refunded total, in minor units. */
  @Property({ type: new BigIntType('number') })
  refundedMinor: number;

  @Property({ type: 'datetime' })
  firstOrderAt: Date;

  @Property({ type: 'datetime' })
  lastOrderAt: Date;
}
