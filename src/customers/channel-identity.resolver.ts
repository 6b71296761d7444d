import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import type { RequestContext } from '../server/request-context';
import { ChannelIdentity } from './channel-identity.entity';

@Resolver(() => ChannelIdentity)
export class ChannelIdentityResolver {
  @FieldResolver(() => Channel)
  async channel(@Root() identity: ChannelIdentity, @Ctx() ctx: RequestContext): Promise<Channel> {
    return (await ctx.loaders.channelById.load(identity.channel.id))!;
  }
}
