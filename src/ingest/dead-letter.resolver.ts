import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

import { deadLetterReplayed } from '../audit/audit-entries';
import { appendAudit } from '../audit/audit-trail';
import { ADMIN_ONLY, requireRole } from '../auth/caller';
import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { parseId } from '../common/ids';
import { selectedColumns } from '../db/selected-columns';
import type { RequestContext } from '../server/request-context';
import { DeadLetter } from './dead-letter.entity';

@ArgsType()
class DeadLettersArgs {
  @Field(() => String, { nullable: true, description: 'Only this channel\'s.' })
  channelCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only replayed ones; false: only those still waiting.' })
  replayed?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'At most this many, newest first (default 50, at most 500).' })
  first?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'What replaying a dead letter did.' })
class DeadLetterReplay {
  @Field(() => DeadLetter)
  deadLetter: DeadLetter;

  @Field({ description: 'True when the payload was accepted this time.' })
  accepted: boolean;

  @Field(() => GraphQLJSON, { description: 'The webhook answer the replay gave (or the error).' })
  result: unknown;
}

@Resolver(() => DeadLetter)
export class DeadLetterResolver {
  @Query(() => [DeadLetter], { description: 'ADMIN: payloads the pipeline refused, with the reason, newest first.' })
  deadLetters(@Args() { channelCode, replayed, first }: DeadLettersArgs, @Ctx() ctx: RequestContext): Promise<DeadLetter[]> {
    requireRole(ctx.caller, ADMIN_ONLY, 'read dead letters');
    const limit = first ?? 50;
    if (limit < 0 || limit > 500) throw badUserInput('first must be between 0 and 500', 'first');
    return ctx.em.find(
      DeadLetter,
      {
        ...(channelCode ? { channel: { code: channelCode } } : {}),
        ...(replayed === true ? { replayedAt: { $ne: null } } : replayed === false ? { replayedAt: null } : {}),
      },
      { orderBy: { id: 'desc' }, limit },
    );
  }

  @FieldResolver(() => Channel)
  async channel(@Root() letter: DeadLetter, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Channel> {
    return (await ctx.loaders.channelById(selectedColumns(ctx.em, Channel, info, { always: ['id'] })).load(letter.channel.id))!;
  }

  @Mutation(() => DeadLetterReplay, { description: 'ADMIN: runs a dead letter through the pipeline again (after a plugin fix).' })
  async replayDeadLetter(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<DeadLetterReplay> {
    requireRole(ctx.caller, ADMIN_ONLY, 'replay dead letters');
    const { letter, reply } = await ctx.services.ingest.replay(parseId(id));
    const accepted = reply.status === 200;
    // the replay commits through the ingestion write path; its entry is written right after
    await appendAudit(ctx.em, ctx.caller, deadLetterReplayed(letter, accepted, reply.body));
    return { deadLetter: letter, accepted, result: reply.body };
  }
}
