import { GraphQLJSON } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

import { RateLimitInput } from '../rate-limit/rate-limit.type';
import { ChannelKind } from './channel-kind';

@InputType()
export class CreateChannelInput {
  @Field({ description: 'Unique short code: lower-case letters, digits, "-" and "_", e.g. "shop-us".' })
  code: string;

  @Field()
  name: string;

  @Field(() => ChannelKind)
  kind: ChannelKind;

  @Field({ description: 'Name of the channel plugin, e.g. "shopify".' })
  plugin: string;

  @Field({ description: 'Default ISO-4217 currency for payloads that state none.' })
  currencyCode: string;

  @Field(() => String, { nullable: true })
  countryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Secret that signs this channel\'s webhooks; never returned.' })
  webhookSecret?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "Plugin settings, checked against the plugin's schema." })
  settings?: Record<string, unknown> | null;

  @Field(() => RateLimitInput, { nullable: true, description: "The limit on this channel's webhook deliveries; absent: the gateway's default." })
  webhookRateLimit?: RateLimitInput | null;
}

@InputType()
export class UpdateChannelInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  countryCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A disabled channel refuses webhooks and imports.' })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Rotates the webhook secret.' })
  webhookSecret?: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  settings?: Record<string, unknown> | null;

  @Field(() => RateLimitInput, { nullable: true, description: "The limit on this channel's webhook deliveries; null: back to the gateway's default." })
  webhookRateLimit?: RateLimitInput | null;
}
