import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ADMIN_ONLY, channelScope, READERS_OF_CUSTOMERS, requireRole, seesPersonalData } from '../auth/caller';
import { badUserInput } from '../common/errors';
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
import { CustomerStatsObject } from './customer-stats.type';
import { customerSegment, CustomerSegmentObject, CustomerTier } from './customer-segment';

@InputType({ description: 'Narrows a customer list.' })
class CustomerFilter {
  @Field(() => [CustomerTier], { nullable: true, description: 'Only customers in these tiers (as Customer.segment works them out now).' })
  tiers?: CustomerTier[] | null;
}

@ArgsType()
class CustomersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'E-mail or phone (ADMIN only), name, or an order number.' })
  search?: string | null;

  @Field(() => CustomerFilter, { nullable: true })
  filter?: CustomerFilter | null;
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
  customers(@Args() { first, after, search, filter }: CustomersArgs, @Ctx() ctx: RequestContext): Promise<CustomerConnection> {
    requireRole(ctx.caller, READERS_OF_CUSTOMERS, 'read customers');
    return ctx.services.customers.list(ctx.em, {
      first,
      after,
      search,
      tiers: filter?.tiers,
      scopeChannelId: channelScope(ctx.caller),
      mayMatchPersonalData: seesPersonalData(ctx.caller),
    });
  }

  @Mutation(() => Customer, {
    description:
      "ADMIN: merges the source customer into the target: the source's orders and channel identities move to the target, which keeps its own e-mail, phone and name and takes the source's where it has none; the source's id then resolves to the target.",
  })
  mergeCustomers(
    @Arg('sourceId', () => ID) sourceId: string,
    @Arg('targetId', () => ID) targetId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    requireRole(ctx.caller, ADMIN_ONLY, 'merge customers');
    const source = parseIdOrNull(sourceId);
    const target = parseIdOrNull(targetId);
    if (source === null) throw badUserInput(`"${sourceId}" is not a customer id`, 'sourceId');
    if (target === null) throw badUserInput(`"${targetId}" is not a customer id`, 'targetId');
    return ctx.services.customerMerges.merge(ctx.em, source, target, ctx.caller);
  }

  @Mutation(() => Customer, {
    description:
      "ADMIN: erases a customer's personal data (name, e-mail, phone; the e-mails their channel identities had; their archived payloads and dead letters) and keeps their orders, channel ids and every sales figure. The customer shows erasedAt, is no longer found by e-mail or phone, and never gets personal data again. Erasing again is harmless. A merged customer's id erases the customer it was merged into.",
  })
  eraseCustomer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Customer> {
    requireRole(ctx.caller, ADMIN_ONLY, 'erase customers');
    const customerId = parseIdOrNull(id);
    if (customerId === null) throw badUserInput(`no customer ${id}`, 'id');
    return ctx.services.customerErasures.erase(ctx.em, customerId, ctx.caller);
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

  @FieldResolver(() => CustomerStatsObject, {
    description: "What the customer bought (for a channel-bound key: on its channel), kept as orders are ingested; not personal data.",
  })
  stats(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<CustomerStatsObject> {
    return ctx.loaders.statsByCustomer.load(customer.id);
  }

  @FieldResolver(() => CustomerSegmentObject, {
    nullable: true,
    description: "The customer's tier and RFM scores now, from their stats; null before their first counted order.",
  })
  async segment(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<CustomerSegmentObject | null> {
    return customerSegment(await ctx.loaders.statsByCustomer.load(customer.id), ctx.services.customers.segmentRules, new Date());
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
