import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { badUserInput } from '../common/errors';
import { parseId } from '../common/ids';
import { apiKeyCreated, apiKeyRateLimitsSet, apiKeyRevoked } from '../audit/audit-entries';
import { audited } from '../audit/audit-trail';
import type { RequestContext } from '../server/request-context';
import { ApiKey } from './api-key.entity';
import { ApiKeyRateLimitsInput, CreateApiKeyInput, CreatedApiKey } from './api-key.types';
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
    const { key, secret } = await audited(ctx.em, ctx.caller, (tx) => ctx.services.apiKeys.create(tx, input), ({ key }) => apiKeyCreated(key));
    return { id: key.id, key: secret, role: key.role, channelCode: key.channel?.code ?? null };
  }

  @Mutation(() => ApiKey, { description: "ADMIN: sets a key's own rate limits (GraphQL requests, imports); they apply from its next request, on every replica." })
  async setApiKeyRateLimits(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ApiKeyRateLimitsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKey> {
    requireRole(ctx.caller, ADMIN_ONLY, 'set rate limits');
    const set = await audited(ctx.em, ctx.caller, (tx) => ctx.services.apiKeys.setRateLimits(tx, parseId(id), input), (done) =>
      done ? apiKeyRateLimitsSet(done.key, done.before) : null,
    );
    if (!set) throw badUserInput(`no API key with id ${id}`, 'id');
    return set.key;
  }

  @Mutation(() => Boolean, { description: 'ADMIN: revokes a key; it stops working on the next request.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    requireRole(ctx.caller, ADMIN_ONLY, 'revoke API keys');
    const keyId = parseId(id);
    const revoked = await audited(ctx.em, ctx.caller, (tx) => ctx.services.apiKeys.revoke(tx, keyId), async (done, tx) =>
      done ? apiKeyRevoked(await tx.findOneOrFail(ApiKey, keyId)) : null,
    );
    // its open subscriptions end now, on every gateway process
    if (revoked) ctx.services.live.bus.publish('revoked-keys', String(keyId));
    return revoked;
  }
}
