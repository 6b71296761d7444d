import { createPubSub } from '@graphql-yoga/subscription';
import { GraphQLDateTime } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';

import { PriceConflictTitleResolver } from '../analytics/price-conflict-title.resolver';
import { PriceConflictsResolver } from '../analytics/price-conflicts.resolver';
import { SalesSummaryResolver } from '../analytics/sales-summary.resolver';
import { ApiKeyResolver } from '../auth/api-key.resolver';
import { AuditLogResolver } from '../audit/audit-log.resolver';
import { CampaignResolver } from '../campaigns/campaign.resolver';
import { PriceCartResolver } from '../campaigns/price-cart.resolver';
import { CampaignCouponResolver } from '../campaigns/campaign-coupon.resolver';
import { CatalogResolver } from '../catalog/catalog.resolver';
import { ChannelResolver } from '../channels/channel.resolver';
import { ChannelIdentityResolver } from '../customers/channel-identity.resolver';
import { CustomerResolver } from '../customers/customer.resolver';
import { CustomerStatsResolver } from '../customers/customer-stats.resolver';
import { EventCursorResolver } from '../events/event-cursor.resolver';
import { OrderEventsResolver } from '../events/order-events.resolver';
import { DeadLetterResolver } from '../ingest/dead-letter.resolver';
import { OrderResolver } from '../orders/order.resolver';
import { callResolversDirectly } from './direct-resolvers';

export const resolvers = [
  ChannelResolver,
  OrderResolver,
  CustomerResolver,
  CustomerStatsResolver,
  ChannelIdentityResolver,
  CampaignResolver,
  PriceCartResolver,
  CampaignCouponResolver,
  ApiKeyResolver,
  EventCursorResolver,
  OrderEventsResolver,
  DeadLetterResolver,
  PriceConflictsResolver,
  PriceConflictTitleResolver,
  SalesSummaryResolver,
  CatalogResolver,
  AuditLogResolver,
] as const;

/** Builds the executable schema from the resolvers; `DateTime` is ISO-8601 in UTC. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // required by type-graphql for subscriptions, unused: each subscription brings its own stream (see src/events)
    pubSub: createPubSub(),
    validate: false,
    emitSchemaFile: false,
  });
  callResolversDirectly(schema, resolvers);
  return schema;
}
