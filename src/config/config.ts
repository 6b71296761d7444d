import path from 'node:path';

import { checkSegmentRules, DEFAULT_VIP_VALUE, parseVipValue, SegmentRulesError, type SegmentRules } from '../customers/segment-rules';

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
}

/** Where the embedded database lives when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_FILE = path.join('data', 'salesgraph.sqlite');

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
    subscriptionBuffer: intFromEnv(env, 'SALESGRAPH_SUBSCRIPTION_BUFFER', 10_000),
    eventPollMs: intFromEnv(env, 'SALESGRAPH_EVENT_POLL_MS', 1_000),
    wsPingIntervalMs: intFromEnv(env, 'SALESGRAPH_WS_PING_INTERVAL_MS', 15_000),
    wsMaxBufferedBytes: intFromEnv(env, 'SALESGRAPH_WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024),
    eventPruneIntervalMinutes: intFromEnv(env, 'SALESGRAPH_EVENT_PRUNE_INTERVAL_MINUTES', 60),
    attributionIntervalSeconds: intFromEnv(env, 'SALESGRAPH_ATTRIBUTION_INTERVAL_SECONDS', 2),
    segments: segmentRulesFromEnv(env),
  };
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
