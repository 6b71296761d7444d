import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

import { Channel } from '../channels/channel.entity';
import { PayloadRedaction } from '../privacy/payload-redaction';

/** A payload the pipeline refused, kept with the reason until it is replayed after a fix. */
@ObjectType({ simpleResolvers: true, description: 'A rejected payload, kept with the reason it was refused.' })
@Entity({ tableName: 'dead_letter' })
export class DeadLetter {
  [OptionalProps]?: 'path' | 'receivedAt' | 'replayedAt' | 'replayResult' | 'deliveryId' | 'topic' | 'redactedAt' | 'redaction';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  @Index({ name: 'dead_letter_channel_index' })
  channel: Rel<Channel>;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  deliveryId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  topic: string | null = null;

  /** The request headers the plugin needs again on replay (never the signature). */
  @Property({ type: 'json' })
  headers: Record<string, string>;

  @Field({ description: 'The body exactly as received; empty once redacted (see redaction).' })
  @Property({ type: 'text' })
  body: string;

  @Field({ description: 'Machine-readable reason, e.g. INVALID_PAYLOAD.' })
  @Property({ type: 'string', length: 64 })
  code: string;

  @Field()
  @Property({ type: 'text' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Where in the payload, e.g. line_items[1].price.' })
  @Property({ type: 'string', length: 500, nullable: true })
  path: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  receivedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  replayedAt: Date | null = null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What the replay did: the webhook answer it would have given.' })
  @Property({ type: 'json', nullable: true })
  replayResult: Record<string, unknown> | null = null;

  @Field(() => Date, { nullable: true, description: 'When the body was removed; such a letter cannot be replayed.' })
  @Property({ type: 'datetime', nullable: true })
  redactedAt: Date | null = null;

  @Field(() => PayloadRedaction, { nullable: true, description: 'Why the body was removed: its customer was erased, or it was replayed longer ago than the payload retention.' })
  @Property({ type: 'string', length: 16, nullable: true })
  redaction: PayloadRedaction | null = null;
}
