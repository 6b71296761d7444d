import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';

import { channelScope, READERS_OF_SALES, requireRole } from '../auth/caller';
import { Channel } from '../channels/channel.entity';
import { selectedColumns, selectedFieldNames } from '../db/selected-columns';
import type { RequestContext } from '../server/request-context';
import { SalesSummaryArgs } from './sales-summary.args';
import { SalesSummaryRow } from './sales-summary-row.type';

@Resolver(() => SalesSummaryRow)
export class SalesSummaryResolver {
  @Query(() => [SalesSummaryRow], {
    description:
      'Sales performance per channel over orders placed in [from, to), grouped by groupBy and always by currency ' +
      '(amounts of different currencies are never added), CANCELLED orders left out of every figure. DAY, WEEK (from ' +
      'Monday) and MONTH are local periods in timeZone. Rows sorted by period, then channel code (or kind), then ' +
      "currency. ADMIN, ANALYST and DASHBOARD read every channel; a PARTNER only its own.",
  })
  salesSummary(@Args() args: SalesSummaryArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<SalesSummaryRow[]> {
    requireRole(ctx.caller, READERS_OF_SALES, 'read sales figures');
    const selected = selectedFieldNames(info);
    const customers = selected.has('newCustomers') || selected.has('returningCustomers');
    return ctx.services.salesSummary.summarize(ctx.reader, args, channelScope(ctx.caller), { customers });
  }

  @FieldResolver(() => Channel, { nullable: true, description: 'The channel; set when grouped by CHANNEL.' })
  async channel(@Root() row: SalesSummaryRow, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel | null> {
    if (row.channelId === null) return null;
    return ctx.loaders.channelById(selectedColumns(ctx.metadata, Channel, info, { always: ['id'] })).load(row.channelId);
  }
}
