import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { selectedColumns } from '../db/selected-columns';
import type { RequestContext } from '../server/request-context';
import { CustomerStatsObject } from './customer-stats.type';

@Resolver(() => CustomerStatsObject)
export class CustomerStatsResolver {
  @FieldResolver(() => [Channel], { description: 'The channels the customer bought on.' })
  async channels(@Root() stats: CustomerStatsObject, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel[]> {
    const loader = ctx.loaders.channelById(selectedColumns(ctx.metadata, Channel, info, { always: ['id'] }));
    const channels = await loader.loadMany(stats.channelIds);
    return channels.filter((c): c is Channel => c !== null && !(c instanceof Error));
  }
}
