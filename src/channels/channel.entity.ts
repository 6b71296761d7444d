import {
  OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { RateLimit } from '../rate-limit/rate-limit.type';
import { storedLimit } from '../rate-limit/token-bucket';
import { ChannelKind } from './channel-kind';

/** A place the company sells through: its storefront, a marketplace account, a store. */
@ObjectType({ simpleResolvers: true, description: 'A sales channel: a storefront, a marketplace account or a physical store.' })
@Entity({ tableName: 'channel' })
export class Channel {
  [OptionalProps]?: 'countryCode' | 'enabled' | 'webhookSecret' | 'settings' | 'webhookRateLimitPerMinute' | 'webhookRateLimitBurst' | 'webhookRateLimit' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Field({ description: 'Short unique code used in routes, e.g. "shop-us".' })
  @Property({ type: 'string', length: 64, unique: true })
  code: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => ChannelKind)
  @Property({ type: 'string', length: 32 })
  kind: ChannelKind;

  @Field({ description: 'Name of the channel plugin that normalizes its data.' })
  @Property({ type: 'string', length: 100 })
  plugin: string;

  @Field({ description: 'Default ISO-4217 currency, for payloads that state none.' })
  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  @Field(() => String, { nullable: true, description: 'ISO-3166 alpha-2 country code.' })
  @Property({ type: 'string', length: 2, nullable: true })
  countryCode: string | null = null;

  @Field()
  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  /** Shared secret that signs webhooks; stored, never returned by the API nor logged. */
  @Property({ type: 'string', length: 500, nullable: true, hidden: true, lazy: false })
  webhookSecret: string | null = null;

  /** Plugin settings, validated by the plugin; secrets among them are never returned. */
  @Property({ type: 'json', nullable: true, hidden: true })
  settings: Record<string, unknown> | null = null;

  /** The limit on this channel's webhook deliveries (null: the gateway's default). */
  @Property({ type: 'integer', nullable: true })
  webhookRateLimitPerMinute: number | null = null;

  @Property({ type: 'integer', nullable: true })
  webhookRateLimitBurst: number | null = null;

  @Field(() => RateLimit, { nullable: true, description: "The limit on this channel's webhook deliveries; null: the gateway's default." })
  get webhookRateLimit(): RateLimit | null {
    return storedLimit(this.webhookRateLimitPerMinute, this.webhookRateLimitBurst);
  }

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
