import { createHash } from 'node:crypto';

import { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { fullBucket, refillMs, refillPerMs, takeToken, type BucketLimit, type BucketState, type TakeResult } from './token-bucket';

/** What is limited: GraphQL requests and imports per API key, webhook deliveries per channel. */
export type LimitedTraffic = 'graphql' | 'imports' | 'webhooks';

/** The limits that apply where a key or channel sets none; null: that traffic is not limited. */
export type DefaultLimits = Readonly<Record<LimitedTraffic, BucketLimit | null>>;

/** Where buckets are kept: this process's memory, or Redis so that every replica shares them. */
export interface BucketStore {
  take(bucket: string, limit: BucketLimit): Promise<TakeResult>;
  close(): Promise<void>;
}

/** Forgets buckets once there are this many and they have filled up again. */
const MEMORY_SWEEP_AT = 10_000;

/** Buckets in this process: the limits hold per gateway process. */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { state: BucketState; fullAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(bucket: string, limit: BucketLimit): Promise<TakeResult> {
    const nowMs = this.now();
    let kept = this.buckets.get(bucket);
    if (!kept) {
      if (this.buckets.size >= MEMORY_SWEEP_AT) this.sweep(nowMs);
      kept = { state: fullBucket(limit, nowMs), fullAtMs: nowMs };
      this.buckets.set(bucket, kept);
    }
    const result = takeToken(kept.state, limit, nowMs);
    kept.fullAtMs = nowMs + refillMs(limit);
    return result;
  }

  private sweep(nowMs: number): void {
    for (const [bucket, kept] of this.buckets) if (kept.fullAtMs <= nowMs) this.buckets.delete(bucket);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/**
 * The token bucket of token-bucket.ts, run atomically in Redis on Redis's own clock, so that
 * every replica draws from the same bucket. A bucket's key expires once it would be full again.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(kept[1]) or burst
local at = tonumber(kept[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
if at < now then at = now end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return { allowed, retry, math.floor(tokens) }
`;

type RedisWithTake = Redis & { takeToken(key: string, rate: string, burst: string): Promise<[number, number, number]> };

/**
 * Buckets in Redis (`REDIS_URL`): shared by every gateway process. When Redis cannot be reached
 * the request is let through and a warning logged (at most once a minute): losing the limiter
 * must not stop sales from coming in.
 */
export class RedisBucketStore implements BucketStore {
  private readonly redis: RedisWithTake;
  private lastWarnedMs = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2000 }) as RedisWithTake;
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis.on('error', (error: Error) => this.warn(error));
  }

  async take(bucket: string, limit: BucketLimit): Promise<TakeResult> {
    try {
      const [allowed, retryAfterMs, remaining] = await this.redis.takeToken(`${this.prefix}${bucket}`, String(refillPerMs(limit)), String(limit.burst));
      return allowed === 1 ? { allowed: true, remaining } : { allowed: false, retryAfterMs };
    } catch (error) {
      this.warn(error as Error);
      return { allowed: true, remaining: 0 };
    }
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarnedMs < 60_000) return;
    this.lastWarnedMs = now;
    this.log.warn({ err: error }, 'rate limits unavailable (redis connection problem); requests are not limited meanwhile');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** A refusal: the client may try again after `retryAfterSeconds`. */
export interface RateLimited {
  readonly traffic: LimitedTraffic;
  readonly retryAfterSeconds: number;
  readonly limit: BucketLimit;
}

/**
 * Applies the limits: a key's or channel's own limit when it has one, the default otherwise.
 * Buckets are per API key (GraphQL, imports) and per channel (webhooks).
 */
export class RateLimiter {
  constructor(
    private readonly store: BucketStore,
    readonly defaults: DefaultLimits,
  ) {}

  /** Null when the request may go ahead; what to answer when it may not. */
  async check(traffic: LimitedTraffic, id: number, own: BucketLimit | null): Promise<RateLimited | null> {
    const limit = own ?? this.defaults[traffic];
    if (!limit) return null;
    const result = await this.store.take(`${traffic}:${id}`, limit);
    if (result.allowed) return null;
    return { traffic, limit, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * The Redis key prefix of one database's buckets: replicas of one deployment share them, two
 * deployments (or test runs) on one Redis never do.
 */
export function redisBucketPrefix(databaseIdentity: string): string {
  return `salesgraph:rate:${createHash('sha256').update(databaseIdentity).digest('hex').slice(0, 12)}:`;
}

/** The message of a refusal, naming the limit. */
export function rateLimitedMessage(refused: RateLimited): string {
  const what = refused.traffic === 'webhooks' ? "this channel's webhook deliveries" : refused.traffic === 'imports' ? "this API key's imports" : "this API key's requests";
  return `rate limit exceeded for ${what} (${refused.limit.requestsPerMinute} per minute, bursts of ${refused.limit.burst}); retry after ${refused.retryAfterSeconds} s`;
}
