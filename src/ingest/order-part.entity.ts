import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';

/**
 * The latest copy of one piece of an order that a channel sends in parts (Amazon's order and its
 * items), kept until every piece has arrived and the plugin can assemble the order.
 */
@Entity({ tableName: 'order_part' })
@Unique({ properties: ['channel', 'orderExternalId', 'part'] })
export class OrderPart {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // indexed by (channel, orderExternalId, part)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  @Property({ type: 'string', length: 200 })
  orderExternalId: string;

  @Property({ type: 'string', length: 64 })
  part: string;

  @Property({ type: 'json' })
  data: unknown;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
