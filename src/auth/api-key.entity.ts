import {
  OptionalProps, Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { RateLimit } from '../rate-limit/rate-limit.type';
import { storedLimit } from '../rate-limit/token-bucket';
import { Role } from './role';

/** A bearer key. Only a SHA-256 digest of its secret is stored; the secret is shown once. */
@ObjectType({ simpleResolvers: true, description: 'An API key (its secret is never shown again after creation).' })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'revoked' | 'channel' | 'rateLimitPerMinute' | 'rateLimitBurst' | 'importRateLimitPerMinute' | 'importRateLimitBurst' | 'rateLimit' | 'importRateLimit';

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

  /** This key's limit on GraphQL requests (null: the gateway's default). */
  @Property({ type: 'integer', nullable: true })
  rateLimitPerMinute: number | null = null;

  @Property({ type: 'integer', nullable: true })
  rateLimitBurst: number | null = null;

  /** This key's limit on batch imports (null: the gateway's default). */
  @Property({ type: 'integer', nullable: true })
  importRateLimitPerMinute: number | null = null;

  @Property({ type: 'integer', nullable: true })
  importRateLimitBurst: number | null = null;

  @Field(() => RateLimit, { nullable: true, description: "The limit on this key's GraphQL requests; null: the gateway's default." })
  get rateLimit(): RateLimit | null {
    return storedLimit(this.rateLimitPerMinute, this.rateLimitBurst);
  }

  @Field(() => RateLimit, { nullable: true, description: "The limit on this key's imports; null: the gateway's default." })
  get importRateLimit(): RateLimit | null {
    return storedLimit(this.importRateLimitPerMinute, this.importRateLimitBurst);
  }

  @Field()
  get revoked(): boolean {
    return this.revokedAt !== null;
  }
}
