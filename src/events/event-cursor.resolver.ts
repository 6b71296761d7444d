import { Ctx, Query, Resolver } from 'type-graphql';

import { READERS_OF_ORDERS, requireRole } from '../auth/caller';
import type { RequestContext } from '../server/request-context';
import { encodeEventCursor } from './event-cursor';

@Resolver()
export class EventCursorResolver {
  @Query(() => String, {
    nullable: true,
    description:
      "The newest event's cursor: query, then subscribe with after: it, and miss nothing. " +
      'While the log holds no event it is the position before the first one to come, so the same holds.',
  })
  async eventCursor(@Ctx() ctx: RequestContext): Promise<string | null> {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read events');
    const [row] = await ctx.reader.all(
      "select (select max(id) from order_event) as newest, (select pruned_through from event_log_state where name = 'order_event') as pruned",
    );
    return encodeEventCursor(Math.max(Number(row?.newest ?? 0), Number(row?.pruned ?? 0)));
  }
}
