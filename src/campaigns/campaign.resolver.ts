import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import type { RequestContext } from '../server/request-context';
import { Campaign } from './campaign.entity';

@Resolver(() => Campaign)
export class CampaignResolver {
  @FieldResolver(() => [Channel], { description: 'The channels the campaign runs on.' })
  async channels(@Root() campaign: Campaign, @Ctx() ctx: RequestContext): Promise<Channel[]> {
    await ctx.em.populate(campaign, ['channelRefs']);
    return campaign.channelRefs.getItems();
  }
}
