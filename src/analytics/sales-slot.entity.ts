import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** The width of a sales slot: every zone's offset in use today is a multiple of it. */
export const SALES_SLOT_MS = 15 * 60_000;

/**
 * The additive sales figures of one channel, currency and 15-minute UTC slot (orders placed in
 * [slotStart, slotStart + 15 min), cancelled ones left out): kept by the ingestion write path
 * (by difference: a committed group takes its changed orders' old figures out and adds the
 * figures of the orders it wrote; sales-slot-sql.ts) and by the data generator, so that
 * salesSummary sums slots instead of orders. No foreign keys: written only beside the orders.
 * A summary of every channel reads its window by slot_start: what it reads follows the window's
 * length, not the history's (the primary key serves a summary of some channels).
 */
@Entity({ tableName: 'sales_slot' })
@Index({ name: 'sales_slot_start_index', properties: ['slotStart'] })
export class SalesSlot {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  channelId: number;

  @PrimaryKey({ type: 'string', length: 3 })
  currencyCode: string;

  @PrimaryKey({ type: 'datetime' })
  slotStart: Date;

  @Property({ type: 'integer' })
  orders: number;

  /** Σ line quantities. */
  @Property({ type: new BigIntType('number') })
  units: number;

  /** Σ subtotal, minor units. */
  @Property({ type: new BigIntType('number') })
  grossMinor: number;

  @Property({ type: new BigIntType('number') })
  discountMinor: number;

  @Property({ type: new BigIntType('number') })
  refundedMinor: number;

  @Property({ type: new BigIntType('number') })
  totalMinor: number;
}
