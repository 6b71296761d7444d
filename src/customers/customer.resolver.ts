import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';

import { channelScope, READERS_OF_CUSTOMERS, requireRole, seesPersonalData } from '../auth/caller';
import { maskEmail, maskName, maskPhone } from '../auth/masking';
import { decodeCursor, encodeCursor, pageSize, slicePage } from '../common/pagination';
import { parseIdOrNull } from '../common/ids';
import { selectedColumns } from '../db/selected-columns';
import { PageArgs } from '../common/page.args';
import { OrderConnection } from '../orders/order-connection.type';
import type { RequestContext } from '../server/request-context';
import { ChannelIdentity } from './channel-identity.entity';
import { CustomerConnection } from './customer-connection.type';
import { Customer } from './customer.entity';

@ArgsType()
class CustomersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'E-mail or phone (ADMIN only), name, or an order number.' })
  search?: string | null;
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Customer | null> {
    requireRole(ctx.caller, READERS_OF_CUSTOMERS, 'read customers');
    const customerId = parseIdOrNull(id);
    return customerId === null ? null : ctx.services.customers.findById(ctx.em, customerId, channelScope(ctx.caller));
  }

  @Query(() => CustomerConnection, {
    description: 'Customers newest first. search: e-mail or phone (ADMIN), name, or an order number.',
  })
  customers(@Args() { first, after, search }: CustomersArgs, @Ctx() ctx: RequestContext): Promise<CustomerConnection> {
    requireRole(ctx.caller, READERS_OF_CUSTOMERS, 'read customers');
    return ctx.services.customers.list(ctx.em, {
      first,
      after,
      search,
      scopeChannelId: channelScope(ctx.caller),
      mayMatchPersonalData: seesPersonalData(ctx.caller),
    });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Masked (j***@example.com) for every role but ADMIN.' })
  email(@Root() customer: Customer, @Ctx() ctx: RequestContext): string | null {
    return seesPersonalData(ctx.caller) ? customer.email : maskEmail(customer.email);
  }

  @FieldResolver(() => String, { nullable: true, description: 'E.164; masked (+86 *** **** 1234) for every role but ADMIN.' })
  phone(@Root() customer: Customer, @Ctx() ctx: RequestContext): string | null {
    return seesPersonalData(ctx.caller) ? customer.phone : maskPhone(customer.phone);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Masked (J***) for every role but ADMIN.' })
  name(@Root() customer: Customer, @Ctx() ctx: RequestContext): string | null {
    return seesPersonalData(ctx.caller) ? customer.name : maskName(customer.name);
  }

  @FieldResolver(() => [ChannelIdentity])
  identities(@Root() customer: Customer, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ChannelIdentity[]> {
    return ctx.loaders
      .identitiesByCustomer(selectedColumns(ctx.metadata, ChannelIdentity, info, { always: ['customer'] }))
      .load(customer.id);
  }

  @FieldResolver(() => OrderConnection, { description: "The customer's orders on every channel, newest first." })
  async orders(@Root() customer: Customer, @Args() { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<OrderConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const rows =
      limit === 0 ? [] : await ctx.loaders.ordersByCustomer.load({ customerId: customer.id, take: limit + 1, after: cursor });
    const { edges, pageInfo } = slicePage(rows, limit, cursor, (o) => encodeCursor(o.placedAt, o.id));
    return new OrderConnection(
      edges,
      pageInfo,
      () =>
        ctx.services.orders
          .list(ctx.metadata, ctx.reader, { first: 0, filter: { customerId: String(customer.id) }, scopeChannelId: channelScope(ctx.caller), columns: 'o.id' })
          .then((connection) => connection.totalCount()),
    );
  }
}
