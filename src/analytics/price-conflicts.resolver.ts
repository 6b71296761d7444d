import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';

import { requireRole } from '../auth/caller';
import { Role } from '../auth/role';
import { Channel } from '../channels/channel.entity';
import { selectedColumns } from '../db/selected-columns';
import type { RequestContext } from '../server/request-context';
import { PriceConflictsArgs } from './price-conflicts.args';
import { PriceConflictChannel } from './price-conflict-channel.type';
import { PriceConflict } from './price-conflict.type';

/** It compares every channel's prices: a PARTNER, bound to one channel, may not read it. */
export const READERS_OF_PRICE_CONFLICTS: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.DASHBOARD];

@Resolver(() => PriceConflictChannel)
export class PriceConflictsResolver {
  @Query(() => [PriceConflict], {
    description:
      'Channel conflict: SKUs sold in one currency at unit prices that differ between channels, over orders placed in ' +
      '[from, to), cancelled orders, lines without a SKU and free lines left out. A conflict is a SKU whose highest ' +
      "channel-level price (the largest of the channels' lowest prices) exceeds its lowest (the smallest of the " +
      "channels' highest prices) by more than tolerancePercent of the lowest. Sorted by spreadPercent (descending), then " +
      'SKU. ADMIN, ANALYST and DASHBOARD.',
  })
  priceConflicts(@Args() args: PriceConflictsArgs, @Ctx() ctx: RequestContext): Promise<PriceConflict[]> {
    requireRole(ctx.caller, READERS_OF_PRICE_CONFLICTS, 'read price conflicts (they compare every channel)');
    return ctx.services.priceConflicts.find(ctx.reader, args);
  }

  @FieldResolver(() => Channel, { description: 'The channel these figures are for.' })
  async channel(@Root() row: PriceConflictChannel, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel> {
    return (await ctx.loaders.channelById(selectedColumns(ctx.metadata, Channel, info, { always: ['id'] })).load(row.channelId))!;
  }
}
