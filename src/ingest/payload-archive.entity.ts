import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';
import { PayloadRedaction } from '../privacy/payload-redaction';

/**
 * Every accepted payload, exactly as the channel sent it, with what it did: an order can be
 * traced to the deliveries that made it. A repeated delivery id finds its first archive row.
 * The body goes when its customer is erased or it outlives the payload retention; the row stays,
 * so the delivery id still answers a repeat and the result still names the orders it made.
 */
@Entity({ tableName: 'payload_archive' })
@Unique({ properties: ['channel', 'deliveryId'] })
// the retention job finds the bodies still kept, oldest first
@Index({ name: 'payload_archive_kept_index', properties: ['redactedAt', 'receivedAt'] })
export class PayloadArchive {
  [OptionalProps]?: 'deliveryId' | 'topic' | 'receivedAt' | 'warnings' | 'fetched' | 'redactedAt' | 'redaction';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // indexed by (channel, deliveryId)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  /** The channel's delivery id (X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID, Square event_id). */
  @Property({ type: 'string', length: 200, nullable: true })
  deliveryId: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  topic: string | null = null;

  @Property({ type: 'text' })
  body: string;

  /** What the plugin fetched from the channel's API to complete the delivery (Square orders). */
  @Property({ type: 'text', nullable: true })
  fetched: string | null = null;

  /** The answer given: `{ result, orderIds, outcomes }`. */
  @Property({ type: 'json' })
  result: Record<string, unknown>;

  @Property({ type: 'json' })
  warnings: string[] = [];

  @Property({ type: 'datetime' })
  @Index({ name: 'payload_archive_received_at_index' })
  receivedAt: Date = new Date();

  /** When `body` and `fetched` were emptied, and why; null while they are kept. */
  @Property({ type: 'datetime', nullable: true })
  redactedAt: Date | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  redaction: PayloadRedaction | null = null;
}
