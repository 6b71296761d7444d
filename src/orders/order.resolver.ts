import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';

import { channelScope, READERS_OF_ORDERS, requireRole } from '../auth/caller';
import { Campaign } from '../campaigns/campaign.entity';
import { Channel } from '../channels/channel.entity';
import { parseIdOrNull } from '../common/ids';
import { selectedColumns } from '../db/selected-columns';
import { PageArgs } from '../common/page.args';
import { Customer } from '../customers/customer.entity';
import type { RequestContext } from '../server/request-context';
import { OrderConnection } from './order-connection.type';
import { OrderFilter } from './order-filter.input';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';

@ArgsType()
class OrdersArgs extends PageArgs {
  @Field(() => OrderFilter, { nullable: true })
  filter?: OrderFilter | null;
}

@ArgsType()
class ExternalIdArgs {
  @Field()
  channelCode: string;

  @Field({ description: "The channel's own order id." })
  externalId: string;
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Order | null> {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read orders');
    const orderId = parseIdOrNull(id);
    return orderId === null ? null : ctx.services.orders.findById(ctx.em, orderId, channelScope(ctx.caller));
  }

  @Query(() => Order, { nullable: true, description: "An order by its channel and the channel's own order id." })
  orderByExternalId(@Args() { channelCode, externalId }: ExternalIdArgs, @Ctx() ctx: RequestContext): Promise<Order | null> {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read orders');
    return ctx.services.orders.findByExternalId(ctx.em, channelCode, externalId, channelScope(ctx.caller));
  }

  @Query(() => OrderConnection, { description: 'Orders newest first; first defaults to 20, at most 500.' })
  orders(@Args() { first, after, filter }: OrdersArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OrderConnection> {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read orders');
    return ctx.services.orders.list(ctx.metadata, ctx.reader, {
      first,
      after,
      filter,
      scopeChannelId: channelScope(ctx.caller),
      columns: selectedColumns(ctx.metadata, Order, info, { path: ['edges', 'node'], always: ['id', 'placedAt', 'channel'], alias: 'o' }),
    });
  }

  @FieldResolver(() => Channel)
  async channel(@Root() order: Order, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel> {
    return (await ctx.loaders.channelById(selectedColumns(ctx.metadata, Channel, info, { always: ['id'] })).load(order.channel.id))!;
  }

  @FieldResolver(() => Customer, { nullable: true })
  customer(@Root() order: Order, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Customer | null> | null {
    if (!order.customer) return null;
    return ctx.loaders.customerById(selectedColumns(ctx.metadata, Customer, info, { always: ['id'] })).load(order.customer.id);
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OrderLine[]> {
    return ctx.loaders.linesByOrder(selectedColumns(ctx.metadata, OrderLine, info, { always: ['order'] })).load(order.id);
  }

  @FieldResolver(() => [Campaign], { description: 'Campaigns this order is attributed to.' })
  campaigns(@Root() order: Order, @Ctx() ctx: RequestContext): Promise<Campaign[]> {
    return ctx.loaders.campaignsByOrder(ctx.em).load(order.id);
  }
}
