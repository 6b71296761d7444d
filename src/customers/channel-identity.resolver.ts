import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { selectedColumns } from '../db/selected-columns';
import type { RequestContext } from '../server/request-context';
import { ChannelIdentity } from './channel-identity.entity';

@Resolver(() => ChannelIdentity)
export class ChannelIdentityResolver {
  @FieldResolver(() => Channel)
  async channel(@Root() identity: ChannelIdentity, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel> {
    return (await ctx.loaders.channelById(selectedColumns(ctx.metadata, Channel, info, { always: ['id'] })).load(identity.channel.id))!;
  }
}
