import { BigIntType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';

/**
 * A refund the channel announced on its own (a refund webhook). Keyed by the channel's order id,
 * not the order row, so a refund that arrives before its order is kept and counted when the
 * order comes.
 */
@Entity({ tableName: 'order_refund' })
@Unique({ properties: ['channel', 'externalId'] })
@Unique({ name: 'order_refund_order_index', properties: ['channel', 'orderExternalId', 'externalId'] })
export class OrderRefund {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // indexed by (channel, externalId)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  @Property({ type: 'string', length: 200 })
  orderExternalId: string;

  /** The channel's refund id. */
  @Property({ type: 'string', length: 200 })
  externalId: string;

  @Property({ type: new BigIntType('number') })
  amountMinor: number;

  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  @Property({ type: 'datetime' })
  occurredAt: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
