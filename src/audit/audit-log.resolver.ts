import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';

import { ADMIN_ONLY, requireRole } from '../auth/caller';
import { PageArgs } from '../common/page.args';
import type { RequestContext } from '../server/request-context';
import { AuditAction, AuditTargetType } from './audit-action';
import { AuditLogConnection } from './audit-log-connection.type';

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => AuditAction, { nullable: true, description: 'Only entries of this action.' })
  action?: AuditAction | null;

  @Field(() => AuditTargetType, { nullable: true, description: 'Only entries about this kind of thing.' })
  targetType?: AuditTargetType | null;

  @Field(() => ID, { nullable: true, description: 'Only entries about the thing with this id (with targetType).' })
  targetId?: string | null;
}

@Resolver()
export class AuditLogResolver {
  @Query(() => AuditLogConnection, {
    description:
      'ADMIN: administrative changes, newest first: keys created and revoked, channels created and changed, customers merged and erased, dead letters replayed; each with the key that made it.',
  })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: RequestContext): Promise<AuditLogConnection> {
    requireRole(ctx.caller, ADMIN_ONLY, 'read the audit log');
    return ctx.services.auditLog.list(ctx.em, args);
  }
}
