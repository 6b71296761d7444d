import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How far a log has been pruned: a cursor below `prunedThrough` would miss events, so a
 * subscription resuming from it is refused instead. Written by the pruner only.
 */
@Entity({ tableName: 'event_log_state' })
export class EventLogState {
  [OptionalProps]?: 'prunedThrough' | 'prunedAt';

  /** The log's name: `order_event`. */
  @PrimaryKey({ type: 'string', length: 64 })
  name: string;

  /** The highest position removed from the log (0: nothing removed yet). */
  @Property({ type: 'bigint', default: 0 })
  prunedThrough: number = 0;

  @Property({ type: 'datetime', nullable: true })
  prunedAt: Date | null = null;
}
