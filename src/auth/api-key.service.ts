import { hash, randomBytes } from 'node:crypto';

import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import type { SqlReader } from '../db/sql-reader';
import { rateLimitColumns, type RateLimitInput } from '../rate-limit/rate-limit.type';
import { storedLimit } from '../rate-limit/token-bucket';
import { apiKeyLimits, type ApiKeyLimits } from '../audit/audit-entries';
import type { ApiKeyRateLimitsInput } from './api-key.types';

import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { ApiKey } from './api-key.entity';
import type { Caller } from './caller';
import { Role } from './role';

/** The name of the key row that `SALESGRAPH_ADMIN_KEY` maps to. */
export const ENV_ADMIN_KEY_NAME = 'admin (SALESGRAPH_ADMIN_KEY)';
const GENERATED_ADMIN_KEY_NAME = 'admin (generated at first start)';
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** A new secret: 32 random bytes, prefixed so it is recognisable in configuration and logs. */
export function generateSecret(): string {
  return `sg_${randomBytes(32).toString('base64url')}`;
}

interface KeyRow {
  id: number;
  role: Role;
  channel_id: number | null;
  channel_code: string | null;
  last_used_at: unknown;
  rate_limit_per_minute: number | null;
  rate_limit_burst: number | null;
  import_rate_limit_per_minute: number | null;
  import_rate_limit_burst: number | null;
}

/** Applies the limits given for a key, refusing a bad one before anything changes. */
function setLimits(key: ApiKey, input: { rateLimit?: RateLimitInput | null; importRateLimit?: RateLimitInput | null }): void {
  const graphql = rateLimitColumns(input.rateLimit, 'input.rateLimit');
  const imports = rateLimitColumns(input.importRateLimit, 'input.importRateLimit');
  if (graphql) [key.rateLimitPerMinute, key.rateLimitBurst] = [graphql.perMinute, graphql.burst];
  if (imports) [key.importRateLimitPerMinute, key.importRateLimitBurst] = [imports.perMinute, imports.burst];
}

export class ApiKeyService {
  /** When each key's last-used time was last written by this process, to write it at most once a minute. */
  private readonly lastUsedWrites = new Map<number, number>();

  /**
   * Finds the caller for a bearer secret; null when unknown or revoked. Looked up on every
   * request, so a revoked key stops working on the very next one, on every replica.
   */
  async authenticate(reader: SqlReader, orm: MikroORM, secret: string): Promise<Caller | null> {
    const rows = (await reader.all(
      'select k.id, k.role, k.channel_id, c.code as channel_code, k.last_used_at, k.rate_limit_per_minute, k.rate_limit_burst, ' +
        'k.import_rate_limit_per_minute, k.import_rate_limit_burst from api_key k ' +
        'left join channel c on c.id = k.channel_id where k.secret_hash = ? and k.revoked_at is null',
      [hashSecret(secret)],
    )) as unknown as KeyRow[];
    const row = rows[0];
    if (!row) return null;
    this.touch(orm, Number(row.id));
    return {
      keyId: Number(row.id),
      role: row.role,
      channelId: row.channel_id === null ? null : Number(row.channel_id),
      channelCode: row.channel_code,
      rateLimits: {
        graphql: storedLimit(row.rate_limit_per_minute, row.rate_limit_burst),
        imports: storedLimit(row.import_rate_limit_per_minute, row.import_rate_limit_burst),
      },
    };
  }

  private touch(orm: MikroORM, keyId: number): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(keyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWrites.set(keyId, now);
    void (orm.em.fork() as EntityManager)
      .nativeUpdate(ApiKey, { id: keyId }, { lastUsedAt: new Date(now) })
      .catch(() => this.lastUsedWrites.delete(keyId));
  }

  async list(em: EntityManager): Promise<ApiKey[]> {
    return em.find(ApiKey, {}, { orderBy: { id: 'asc' }, populate: ['channel'] });
  }

  /** Creates a key and returns it with its secret, which is never stored nor shown again. */
  async create(
    em: EntityManager,
    input: { name: string; role: Role; channelCode?: string | null; rateLimit?: RateLimitInput | null; importRateLimit?: RateLimitInput | null },
  ): Promise<{ key: ApiKey; secret: string }> {
    const name = input.name.trim();
    if (!name) throw badUserInput('name must not be empty', 'input.name');
    let channel: Channel | null = null;
    if (input.role === Role.PARTNER) {
      if (!input.channelCode) throw badUserInput('a PARTNER key needs channelCode', 'input.channelCode');
      channel = await em.findOne(Channel, { code: input.channelCode });
      if (!channel) throw badUserInput(`no channel with code "${input.channelCode}"`, 'input.channelCode');
    } else if (input.channelCode) {
      throw badUserInput(`only PARTNER keys are bound to a channel, not ${input.role}`, 'input.channelCode');
    }
    const secret = generateSecret();
    const key = em.create(ApiKey, { name, role: input.role, channel, secretHash: hashSecret(secret) });
    setLimits(key, { rateLimit: input.rateLimit ?? undefined, importRateLimit: input.importRateLimit ?? undefined });
    await em.persistAndFlush(key);
    return { key, secret };
  }

  /**
   * Sets a key's own rate limits (see ApiKeyRateLimitsInput), returning the key with the limits it
   * had before; null when there is no such key.
   */
  async setRateLimits(em: EntityManager, id: number, input: ApiKeyRateLimitsInput): Promise<{ key: ApiKey; before: ApiKeyLimits } | null> {
    const key = await em.findOne(ApiKey, { id }, { populate: ['channel'] });
    if (!key) return null;
    const before = apiKeyLimits(key);
    setLimits(key, input);
    await em.flush();
    return { key, before };
  }

  /** Revokes a key; true when it was active. Takes effect on the next request. */
  async revoke(em: EntityManager, id: number): Promise<boolean> {
    const changed = await em.nativeUpdate(ApiKey, { id, revokedAt: null }, { revokedAt: new Date() });
    return changed > 0;
  }

  /**
   * Makes sure an administrator can get in: `SALESGRAPH_ADMIN_KEY` when set (replacing the key an
   * earlier value made), otherwise a generated key on the first start, returned to be printed once.
   */
  async bootstrapAdmin(em: EntityManager, envKey: string | undefined): Promise<{ generatedSecret?: string }> {
    if (envKey) {
      const secretHash = hashSecret(envKey);
      await em.nativeUpdate(
        ApiKey,
        { name: ENV_ADMIN_KEY_NAME, secretHash: { $ne: secretHash }, revokedAt: null },
        { revokedAt: new Date() },
      );
      const existing = await em.findOne(ApiKey, { secretHash });
      if (!existing) {
        try {
          await em.persistAndFlush(em.create(ApiKey, { name: ENV_ADMIN_KEY_NAME, role: Role.ADMIN, secretHash }));
        } catch (error) {
          // another gateway process starting on the same database stored this key first
          if (!(error instanceof UniqueConstraintViolationException)) throw error;
        }
      } else if (existing.revokedAt || existing.role !== Role.ADMIN) {
        existing.revokedAt = null;
        existing.role = Role.ADMIN;
        await em.flush();
      }
      return {};
    }
    const admins = await em.count(ApiKey, { role: Role.ADMIN, revokedAt: null });
    if (admins > 0) return {};
    const secret = generateSecret();
    await em.persistAndFlush(
      em.create(ApiKey, { name: GENERATED_ADMIN_KEY_NAME, role: Role.ADMIN, secretHash: hashSecret(secret) }),
    );
    return { generatedSecret: secret };
  }
}
