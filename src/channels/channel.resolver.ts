import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import { ADMIN_ONLY, channelScope } from '../auth/caller';
import { requireRole } from '../auth/caller';
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
  createChannel(@Arg('input') input: CreateChannelInput, @Ctx() ctx: RequestContext): Promise<Channel> {
    requireRole(ctx.caller, ADMIN_ONLY, 'create channels');
    return ctx.services.channels.create(ctx.em, input);
  }

  @Mutation(() => Channel, { description: 'ADMIN: renames, disables or re-keys a channel.' })
  updateChannel(
    @Arg('code') code: string,
    @Arg('input') input: UpdateChannelInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Channel> {
    requireRole(ctx.caller, ADMIN_ONLY, 'update channels');
    return ctx.services.channels.update(ctx.em, code, input);
  }
}
