import DataLoader from 'dataloader';
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Resolver, Root, Subscription } from 'type-graphql';

import { channelScope, READERS_OF_ORDERS, requireRole } from '../auth/caller';
import { Channel } from '../channels/channel.entity';
import { badUserInput, forbidden } from '../common/errors';
import { Order } from '../orders/order.entity';
import type { RequestContext } from '../server/request-context';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';
import type { LoggedEvent } from './event-log';
import type { EventFilter } from './event-stream';
import { OrderEventObject, OrderEventType } from './order-event.type';
import { SalesTickerStream } from './sales-ticker';
import { SalesTickerObject } from './sales-ticker.type';

@ArgsType()
class OrderEventsArgs {
  @Field(() => [String], { nullable: true, description: 'Only these channels (all the key may see when absent).' })
  channelCodes?: string[] | null;

  @Field(() => [OrderEventType], { nullable: true, description: 'Only these types (all when absent).' })
  types?: OrderEventType[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Resume after this cursor: every later event from the log, none twice, none missed, then live. Absent: live from now.',
  })
  after?: string | null;
}

@ArgsType()
class SalesTickerArgs {
  @Field(() => [String], { nullable: true, description: 'Only these channels (all the key may see when absent).' })
  channelCodes?: string[] | null;

  @Field(() => Int, { defaultValue: 60, description: 'The rolling window, 1 to 86,400 seconds.' })
  windowSeconds: number;
}

/** The channels a subscription covers: those named (each must exist and be the key's to see), or all the key may see. */
async function channelsInScope(ctx: RequestContext, codes: readonly string[] | null | undefined): Promise<{ ids: Set<number> | null; byId: Map<number, string> }> {
  const scope = channelScope(ctx.caller);
  const channels = await ctx.em.find(Channel, {}, { fields: ['id', 'code'] });
  const byId = new Map(channels.map((c) => [c.id, c.code]));
  if (!codes) return { ids: scope === null ? null : new Set([scope]), byId };
  const ids = new Set<number>();
  for (const code of codes) {
    const channel = channels.find((c) => c.code === code);
    if (!channel) throw badUserInput(`no channel with code "${code}"`, 'channelCodes');
    if (scope !== null && channel.id !== scope) throw forbidden(`PARTNER keys see only their own channel's events, not "${code}"`);
    ids.add(channel.id);
  }
  return { ids, byId };
}

/** Each context's loader of orders by id (forgotten with the EntityManager a renewal replaces). */
const orderLoaders = new WeakMap<object, DataLoader<number, Order | null>>();

/**
 * The orders of the events executed together (a run of events, with the subscription's context
 * renewed once for it), read with one statement; null for one outside the caller's channel.
 */
function ordersOfRun(ctx: RequestContext): DataLoader<number, Order | null> {
  const em = ctx.em;
  let loader = orderLoaders.get(em);
  if (!loader) {
    const scope = channelScope(ctx.caller);
    loader = new DataLoader((ids: readonly number[]) => ctx.services.orders.findByIds(em, ids, scope));
    orderLoaders.set(em, loader);
  }
  return loader;
}

@Resolver(() => OrderEventObject)
export class OrderEventsResolver {
  @Subscription(() => OrderEventObject, {
    description:
      'Committed order changes as they happen, filtered on the server. With after: every later event is replayed from the log, ' +
      'then the stream continues live with no gap and no duplicate. A cursor older than the log keeps is an error.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      requireRole(ctx.caller, READERS_OF_ORDERS, 'subscribe to order events');
      const { channelCodes, types, after } = args as OrderEventsArgs;
      const { ids } = await channelsInScope(ctx, channelCodes);
      const filter: EventFilter = { channelIds: ids, types: types?.length ? new Set(types) : null };
      let position: number | null = null;
      if (after !== null && after !== undefined) {
        position = decodeEventCursor(after);
        const pruned = await ctx.services.live.prunedThrough();
        if (position < pruned) {
          throw badUserInput(
            `after is older than the event log keeps (${ctx.services.live.retentionDays} days): events after it were pruned. ` +
              'Query the current state, then subscribe with after: eventCursor.',
            'after',
          );
        }
      }
      return ctx.services.live.stream(filter, position);
    },
  })
  orderEvents(@Root() event: LoggedEvent, @Args() _args: OrderEventsArgs): OrderEventObject {
    return {
      cursor: encodeEventCursor(event.id),
      type: event.type as OrderEventType,
      occurredAt: event.occurredAt,
      orderId: event.orderId,
    } as OrderEventObject;
  }

  @FieldResolver(() => Order)
  async order(@Root() event: OrderEventObject, @Ctx() ctx: RequestContext): Promise<Order> {
    const order = await ordersOfRun(ctx).load(event.orderId);
    // an event's order exists while the event does (events go with their order)
    if (!order) throw new Error(`order ${event.orderId} of an event is not readable`);
    return order;
  }

  @Subscription(() => SalesTickerObject, {
    description:
      'Rolling orders, revenue (per currency) and average order value per channel over the last windowSeconds, from orders created. ' +
      'Sent at once, then at most once a second and only when the figures changed.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      requireRole(ctx.caller, READERS_OF_ORDERS, 'subscribe to the sales ticker');
      const { channelCodes, windowSeconds } = args as SalesTickerArgs;
      if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 86_400) {
        throw badUserInput(`windowSeconds must be 1 to 86400; got ${windowSeconds}`, 'windowSeconds');
      }
      const { ids, byId } = await channelsInScope(ctx, channelCodes);
      return new SalesTickerStream(ctx.services.live, { channelIds: ids, codes: byId, listed: ids ? [...ids] : [], windowSeconds });
    },
  })
  salesTicker(@Root() figures: SalesTickerObject, @Args() _args: SalesTickerArgs): SalesTickerObject {
    return figures;
  }
}
