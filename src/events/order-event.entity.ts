import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';
import { Order } from '../orders/order.entity';

/** The durable log of order changes, in commit order: what live subscriptions replay from. */
@Entity({ tableName: 'order_event' })
@Index({ name: 'order_event_channel_cursor_index', properties: ['channel', 'id'] })
export class OrderEvent {
  [OptionalProps]?: 'occurredAt';

  /** Increasing with commit order: the event's cursor. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Property({ type: 'string', length: 16 })
  type: 'CREATED' | 'UPDATED' | 'CANCELLED' | 'REFUNDED';

  // An append-only log written only by the ingestion write path beside the change it records;
  // no foreign keys: their row-by-row checks cost more than the insert (orders and channels are
  // never deleted; events are pruned by age).
  @ManyToOne({ entity: () => Order, index: true, createForeignKeyConstraint: false })
  order: Rel<Order>;

  // indexed by (channel, id)
  @ManyToOne({ entity: () => Channel, index: false, createForeignKeyConstraint: false })
  channel: Rel<Channel>;

  @Property({ type: 'datetime' })
  occurredAt: Date = new Date();
}
