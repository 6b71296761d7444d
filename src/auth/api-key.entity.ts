import {
  OptionalProps, Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { Role } from './role';

/** A bearer key. Only a SHA-256 digest of its secret is stored; the secret is shown once. */
@ObjectType({ simpleResolvers: true, description: 'An API key (its secret is never shown again after creation).' })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'revoked' | 'channel';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Field()
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => Role)
  @Property({ type: 'string', length: 32 })
  role: Role;

  /** The channel a PARTNER key is bound to. */
  @ManyToOne({ entity: () => Channel, nullable: true, deleteRule: 'cascade' })
  channel: Rel<Channel> | null = null;

  @Property({ type: 'string', length: 64, unique: true, hidden: true })
  secretHash: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Field()
  get revoked(): boolean {
    return this.revokedAt !== null;
  }
}
