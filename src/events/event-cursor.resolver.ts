import { Ctx, Query, Resolver } from 'type-graphql';

import { READERS_OF_ORDERS, requireRole } from '../auth/caller';
import type { RequestContext } from '../server/request-context';
import { encodeEventCursor } from './event-cursor';

@Resolver()
export class EventCursorResolver {
  @Query(() => String, {
    nullable: true,
    description: "The newest event's cursor: query, then subscribe with after: it, and miss nothing. Null while there are no events.",
  })
  async eventCursor(@Ctx() ctx: RequestContext): Promise<string | null> {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read events');
    const [row] = await ctx.em.getConnection().execute<Array<{ newest: number | string | null }>>(
      'select max(id) as newest from order_event',
    );
    return row?.newest === null || row?.newest === undefined ? null : encodeEventCursor(Number(row.newest));
  }
}
