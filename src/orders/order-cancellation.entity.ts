import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';

/**
 * A cancellation the channel announced before the order itself arrived (an Amazon ORDER_CHANGE
 * notification ahead of the order's own responses). Kept by the channel's order id and applied
 * when the order comes, unless the order is newer than the cancellation.
 */
@Entity({ tableName: 'order_cancellation' })
@Unique({ properties: ['channel', 'orderExternalId'] })
export class OrderCancellation {
  [OptionalProps]?: 'createdAt' | 'reason';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // indexed by (channel, orderExternalId)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  @Property({ type: 'string', length: 200 })
  orderExternalId: string;

  @Property({ type: 'datetime' })
  occurredAt: Date;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
