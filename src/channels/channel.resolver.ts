import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import { ADMIN_ONLY, channelScope } from '../auth/caller';
import { requireRole } from '../auth/caller';
import { channelCreated, channelState, channelUpdated } from '../audit/audit-entries';
import { audited } from '../audit/audit-trail';
import type { RequestContext } from '../server/request-context';
import { Channel } from './channel.entity';
import { CreateChannelInput, UpdateChannelInput } from './channel.inputs';

@Resolver(() => Channel)
export class ChannelResolver {
  @Query(() => [Channel], { description: 'Every channel (a PARTNER sees its own).' })
  channels(@Ctx() ctx: RequestContext): Promise<Channel[]> {
    return ctx.services.channels.list(ctx.em, channelScope(ctx.caller));
  }

  @Mutation(() => Channel, { description: 'ADMIN: adds a channel.' })
  async createChannel(@Arg('input') input: CreateChannelInput, @Ctx() ctx: RequestContext): Promise<Channel> {
    requireRole(ctx.caller, ADMIN_ONLY, 'create channels');
    const channel = await audited(ctx.em, ctx.caller, (tx) => ctx.services.channels.create(tx, input), channelCreated);
    // a delivery may have read the channel before the commit: read it afresh
    ctx.services.ingest.forgetChannel(channel.code);
    return channel;
  }

  @Mutation(() => Channel, { description: 'ADMIN: renames, disables or re-keys a channel.' })
  async updateChannel(
    @Arg('code') code: string,
    @Arg('input') input: UpdateChannelInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Channel> {
    requireRole(ctx.caller, ADMIN_ONLY, 'update channels');
    const { channel } = await audited(
      ctx.em,
      ctx.caller,
      async (tx) => {
        const before = await tx.findOne(Channel, { code });
        return { before: before && channelState(before), channel: await ctx.services.channels.update(tx, code, input) };
      },
      ({ before, channel }) => before && channelUpdated(channel, before),
    );
    // a delivery may have read the channel before the commit: read it afresh
    ctx.services.ingest.forgetChannel(channel.code);
    return channel;
  }
}
