import { Entity, OneToOne, OptionalProps, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';

import { Channel } from '../channels/channel.entity';

/**
 * Where a pulled channel stands: the cursor saved after the last page stored (the plugin's own,
 * opaque), and how its last run went. Written by the pull runner only.
 */
@Entity({ tableName: 'channel_pull_state' })
export class ChannelPullState {
  [PrimaryKeyProp]?: 'channel';
  [OptionalProps]?: 'cursor' | 'lastRunAt' | 'lastSuccessAt' | 'lastError' | 'pagesStored' | 'updatedAt';

  @OneToOne({ entity: () => Channel, primary: true, deleteRule: 'cascade' })
  channel: Rel<Channel>;

  /** The plugin's cursor after the last page stored; null before the first page. */
  @Property({ type: 'text', nullable: true })
  cursor: string | null = null;

  /** When the last run started. */
  @Property({ type: 'datetime', nullable: true })
  lastRunAt: Date | null = null;

  /** When a run last went through every page without an error. */
  @Property({ type: 'datetime', nullable: true })
  lastSuccessAt: Date | null = null;

  /** Why the last run stopped early (the API unavailable, a 429…); null when it ended well. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** Pages stored since the channel was first pulled. */
  @Property({ type: 'integer', default: 0 })
  pagesStored: number = 0;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
