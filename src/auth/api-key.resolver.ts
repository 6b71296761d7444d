import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { parseId } from '../common/ids';
import type { RequestContext } from '../server/request-context';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyInput, CreatedApiKey } from './api-key.types';
import { ADMIN_ONLY, requireRole } from './caller';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'ADMIN: every key, revoked ones included; never their secrets.' })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    requireRole(ctx.caller, ADMIN_ONLY, 'list API keys');
    return ctx.services.apiKeys.list(ctx.em);
  }

  @FieldResolver(() => String, { nullable: true })
  channelCode(@Root() key: ApiKey): string | null {
    return key.channel?.code ?? null;
  }

  @Mutation(() => CreatedApiKey, { description: 'ADMIN: makes a key; its secret is in the answer and nowhere else.' })
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreatedApiKey> {
    requireRole(ctx.caller, ADMIN_ONLY, 'create API keys');
    const { key, secret } = await ctx.services.apiKeys.create(ctx.em, input);
    return { id: key.id, key: secret, role: key.role, channelCode: key.channel?.code ?? null };
  }

  @Mutation(() => Boolean, { description: 'ADMIN: revokes a key; it stops working on the next request.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    requireRole(ctx.caller, ADMIN_ONLY, 'revoke API keys');
    const keyId = parseId(id);
    const revoked = await ctx.services.apiKeys.revoke(ctx.em, keyId);
    // its open subscriptions end now, on every gateway process
    if (revoked) ctx.services.live.bus.publish('revoked-keys', String(keyId));
    return revoked;
  }
}
