import path from 'node:path';

import type { DefaultLimits } from '../rate-limit/rate-limiter';
import { bucketLimit, type BucketLimit } from '../rate-limit/token-bucket';
import { checkSegmentRules, DEFAULT_VIP_VALUE, parseVipValue, SegmentRulesError, type SegmentRules } from '../customers/segment-rules';
import { DEFAULT_QUERY_LIMITS, type QueryLimitsConfig } from '../server/query-limits';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string; url: string }
  | { dialect: 'postgresql'; url: string; dbName: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  adminKey?: string;
  redisUrl?: string;
  plugins: string[];
  logLevel: string;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  /** Longest a request may take to arrive whole (a large import streams for minutes); 0: no limit. */
  requestTimeoutMs?: number;
  /** Seconds between pulls of the channels whose plugin polls its API; 0 or unset: no pulling. */
  pullIntervalSeconds?: number;
  /** Days the event log keeps events for subscribers resuming with `after` (default 30). */
  eventRetentionDays?: number;
  /** Days raw payloads (archived deliveries, replayed dead letters) keep their body; 0: for ever (default 90). */
  payloadRetentionDays?: number;
  /** Minutes between runs of the payload retention job; 0: never (default 60). */
  payloadPruneIntervalMinutes?: number;
  /** Events a subscription may have waiting before it is closed as too slow (default 10,000). */
  subscriptionBuffer?: number;
  /** Milliseconds between reads of the event log when no commit hint arrives (default 1,000). */
  eventPollMs?: number;
  /** Minutes between prunes of the event log; 0: never (default 60). */
  eventPruneIntervalMinutes?: number;
  /** Seconds between runs of the campaign attribution job; 0: never (default 2). */
  attributionIntervalSeconds?: number;
  /** Milliseconds between WebSocket pings; a socket that missed the previous one is dropped (default 15,000). */
  wsPingIntervalMs?: number;
  /** Bytes unsent on one socket before it is closed as too slow (default 4 MiB); its events wait in its subscriptions beyond a quarter of it. */
  wsMaxBufferedBytes?: number;
  /** The customer tier thresholds (SALESGRAPH_TIER_*; defaults in segment-rules). */
  segments?: SegmentRules;
  /** Query abuse limits (SALESGRAPH_MAX_DEPTH, …, SALESGRAPH_INTROSPECTION). Unset: DEFAULT_QUERY_LIMITS, introspection off. */
  queryLimits?: QueryLimitsConfig;
  /** Origins browsers may call the API from (CORS): exact origins, or `['*']` for any; empty or unset: none. */
  corsOrigins?: string[];
  /**
   * Rate limits where a key or channel sets none (SALESGRAPH_*RATE_LIMIT_*; null: not limited):
   * GraphQL requests and imports per API key, webhook deliveries per channel. Unset: DEFAULT_RATE_LIMITS.
   */
  rateLimits?: DefaultLimits;
}

/** Where the embedded database lives when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_FILE = path.join('data', 'salesgraph.sqlite');

/**
 * The limits keys and channels get unless set otherwise: 6,000 GraphQL requests a minute per key
 * in bursts of up to 300; 30 imports a minute per key in bursts of 10; 60,000 webhook deliveries
 * a minute per channel in bursts of 2,000 (a flash sale's peak, retried by the channel beyond).
 */
export const DEFAULT_RATE_LIMITS: DefaultLimits = {
  graphql: bucketLimit(6000, 300),
  imports: bucketLimit(30, 10),
  webhooks: bucketLimit(60_000, 2000),
};

/** Days raw payloads keep their body unless SALESGRAPH_PAYLOAD_RETENTION_DAYS says otherwise. */
export const DEFAULT_PAYLOAD_RETENTION_DAYS = 90;

/** An hour: Node's own default (5 minutes) would cut a large import off mid-file. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 3_600_000;

export class ConfigError extends Error {}

/**
 * Reads `DATABASE_URL`: unset means the embedded SQLite file, `file:PATH` an SQLite file at PATH,
 * `postgres://` or `postgresql://` a PostgreSQL server.
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { dialect: 'sqlite', file: DEFAULT_SQLITE_FILE, url: `file:${DEFAULT_SQLITE_FILE}` };
  if (value.startsWith('file:')) {
    const file = value.slice('file:'.length);
    if (!file) throw new ConfigError('DATABASE_URL "file:" needs a path, e.g. file:data/salesgraph.sqlite');
    return { dialect: 'sqlite', file, url: value };
  }
  if (value === ':memory:') return { dialect: 'sqlite', file: ':memory:', url: ':memory:' };
  if (/^postgres(ql)?:\/\//.test(value)) {
    const url = new URL(value);
    const dbName = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    return { dialect: 'postgresql', url: value, dbName };
  }
  throw new ConfigError(
    `DATABASE_URL must be unset, file:PATH or postgres://…; got "${value.replace(/\/\/[^@]*@/, '//***@')}"`,
  );
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer; got "${raw}"`);
  return n;
}

/** The one typed configuration, read from the environment once at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, 'PORT', 4000),
    host: env.HOST?.trim() || '127.0.0.1',
    database: parseDatabaseUrl(env.DATABASE_URL),
    adminKey: env.SALESGRAPH_ADMIN_KEY?.trim() || undefined,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    plugins: (env.SALESGRAPH_PLUGINS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL?.trim() || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: intFromEnv(env, 'SALESGRAPH_BODY_LIMIT', 1024 * 1024),
    shutdownTimeoutMs: intFromEnv(env, 'SALESGRAPH_SHUTDOWN_TIMEOUT_MS', 10_000),
    requestTimeoutMs: intFromEnv(env, 'SALESGRAPH_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS),
    pullIntervalSeconds: intFromEnv(env, 'SALESGRAPH_PULL_INTERVAL_SECONDS', 60),
    eventRetentionDays: intFromEnv(env, 'SALESGRAPH_EVENT_RETENTION_DAYS', 30),
    payloadRetentionDays: intFromEnv(env, 'SALESGRAPH_PAYLOAD_RETENTION_DAYS', DEFAULT_PAYLOAD_RETENTION_DAYS),
    payloadPruneIntervalMinutes: intFromEnv(env, 'SALESGRAPH_PAYLOAD_PRUNE_INTERVAL_MINUTES', 60),
    subscriptionBuffer: intFromEnv(env, 'SALESGRAPH_SUBSCRIPTION_BUFFER', 10_000),
    eventPollMs: intFromEnv(env, 'SALESGRAPH_EVENT_POLL_MS', 1_000),
    wsPingIntervalMs: intFromEnv(env, 'SALESGRAPH_WS_PING_INTERVAL_MS', 15_000),
    wsMaxBufferedBytes: intFromEnv(env, 'SALESGRAPH_WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024),
    eventPruneIntervalMinutes: intFromEnv(env, 'SALESGRAPH_EVENT_PRUNE_INTERVAL_MINUTES', 60),
    attributionIntervalSeconds: intFromEnv(env, 'SALESGRAPH_ATTRIBUTION_INTERVAL_SECONDS', 2),
    segments: segmentRulesFromEnv(env),
    queryLimits: queryLimitsFromEnv(env),
    corsOrigins: parseCorsOrigins(env.SALESGRAPH_CORS_ORIGINS),
    rateLimits: {
      graphql: rateLimitFromEnv(env, 'SALESGRAPH_RATE_LIMIT', DEFAULT_RATE_LIMITS.graphql!),
      imports: rateLimitFromEnv(env, 'SALESGRAPH_IMPORT_RATE_LIMIT', DEFAULT_RATE_LIMITS.imports!),
      webhooks: rateLimitFromEnv(env, 'SALESGRAPH_WEBHOOK_RATE_LIMIT', DEFAULT_RATE_LIMITS.webhooks!),
    },
  };
}

/** `<PREFIX>_PER_MINUTE` (0: not limited) and `<PREFIX>_BURST` (default: one second's worth, at least 1). */
function rateLimitFromEnv(env: NodeJS.ProcessEnv, prefix: string, fallback: BucketLimit): BucketLimit | null {
  const perMinute = intFromEnv(env, `${prefix}_PER_MINUTE`, fallback.requestsPerMinute);
  if (perMinute === 0) return null;
  const rawBurst = env[`${prefix}_BURST`];
  if (rawBurst === undefined || rawBurst === '') return perMinute === fallback.requestsPerMinute ? fallback : bucketLimit(perMinute);
  const burst = intFromEnv(env, `${prefix}_BURST`, 0);
  if (burst === 0) throw new ConfigError(`${prefix}_BURST must be at least 1`);
  return bucketLimit(perMinute, burst);
}

/**
 * Reads `SALESGRAPH_CORS_ORIGINS`: unset or empty turns CORS off; `*` allows any origin; otherwise
 * comma-separated exact origins (`https://app.example.com,http://localhost:5173`), each a scheme,
 * a host and an optional port, with no path.
 */
export function parseCorsOrigins(raw: string | undefined): string[] {
  const values = (raw ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  if (values.includes('*')) {
    if (values.length > 1) throw new ConfigError('SALESGRAPH_CORS_ORIGINS is either * or a list of origins, not both');
    return ['*'];
  }
  return values.map((value) => {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !/[*?#]/.test(value);
    const origin = bare && (url!.protocol === 'http:' || url!.protocol === 'https:') ? url!.origin : null;
    if (!origin) {
      throw new ConfigError(`SALESGRAPH_CORS_ORIGINS: "${value}" is not an origin such as https://app.example.com (scheme, host and port only)`);
    }
    return origin;
  });
}

/** The query limits; introspection is on unless NODE_ENV is production, where it must be turned on. */
function queryLimitsFromEnv(env: NodeJS.ProcessEnv): QueryLimitsConfig {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: intFromEnv(env, 'SALESGRAPH_MAX_DEPTH', d.maxDepth),
    maxCost: intFromEnv(env, 'SALESGRAPH_MAX_COST', d.maxCost),
    maxAliases: intFromEnv(env, 'SALESGRAPH_MAX_ALIASES', d.maxAliases),
    maxTokens: intFromEnv(env, 'SALESGRAPH_MAX_TOKENS', d.maxTokens),
    maxVariablesBytes: intFromEnv(env, 'SALESGRAPH_MAX_VARIABLES_BYTES', d.maxVariablesBytes),
    maxBatch: intFromEnv(env, 'SALESGRAPH_MAX_BATCH', d.maxBatch),
    introspection: boolFromEnv(env, 'SALESGRAPH_INTROSPECTION', env.NODE_ENV !== 'production'),
  };
}

function boolFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]}"`);
}

function segmentRulesFromEnv(env: NodeJS.ProcessEnv): SegmentRules {
  try {
    return checkSegmentRules({
      newDays: intFromEnv(env, 'SALESGRAPH_TIER_NEW_DAYS', 30),
      atRiskDays: intFromEnv(env, 'SALESGRAPH_TIER_AT_RISK_DAYS', 90),
      lapsedDays: intFromEnv(env, 'SALESGRAPH_TIER_LAPSED_DAYS', 180),
      loyalOrders: intFromEnv(env, 'SALESGRAPH_TIER_LOYAL_ORDERS', 3),
      vipOrders: intFromEnv(env, 'SALESGRAPH_TIER_VIP_ORDERS', 5),
      vipValue: parseVipValue(env.SALESGRAPH_TIER_VIP_VALUE?.trim() || DEFAULT_VIP_VALUE),
    });
  } catch (error) {
    if (error instanceof SegmentRulesError) throw new ConfigError(error.message);
    throw error;
  }
}
