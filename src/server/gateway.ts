import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

import type { Caller } from '../auth/caller';
import { rateLimited } from '../common/errors';
import { DEFAULT_SEGMENT_RULES } from '../customers/segment-rules';
import { DEFAULT_PAYLOAD_RETENTION_DAYS, DEFAULT_RATE_LIMITS, DEFAULT_REQUEST_TIMEOUT_MS, type Config, type DatabaseConfig } from '../config/config';
import { MemoryBucketStore, RateLimiter, rateLimitedMessage, RedisBucketStore, redisBucketPrefix } from '../rate-limit/rate-limiter';
import { autovacuumOff, databaseReachable, openDatabase } from '../db/database';
import type { QueryListener } from '../db/orm-config';
import { createSqlReader } from '../db/sql-reader';
import { SqliteCheckpoints } from '../db/sqlite-checkpoints';
import { createSqlWriter } from '../db/sql-writer';
import { PluginRegistry } from '../ingest/plugin-registry';
import { PullRunner } from '../ingest/pull-runner';
import { exportRouter } from '../analytics/export.route';
import { importRouter } from '../ingest/import.route';
import { catalogImportRouter } from '../catalog/catalog-import.route';
import { dashboardRouter } from './dashboard.route';
import { corsHandler } from './cors';
import { webhookChannelCode, webhookHttpHandler, webhookRouter } from '../ingest/webhook.route';
import { authenticate, buildContext, type ContextDeps } from './context';
import { errorLoggingPlugin, maskUnexpected } from './error-masking';
import { graphqlHttpHandler, httpErrorBody, isGraphqlPost } from './graphql-http';
import { jitExecution } from './jit-executor';
import { QueryFastLane } from './query-fast-lane';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from './query-limits';
import { queryLimitsPlugin } from './query-limits-plugin';
import { requestLimits } from './request-limits';
import { createLogger } from './logger';
import { Metrics } from './metrics';
import type { RequestContext } from './request-context';
import { requestId } from './request-id';
import { buildGatewaySchema } from './schema';
import { LocalEventBus, RedisEventBus } from '../events/event-bus';
import { EventPruner } from '../events/event-pruner';
import { PayloadPruner } from '../privacy/payload-pruner';
import { CampaignAttributionJob } from '../campaigns/attribution/campaign-attribution.job';
import { LiveEvents } from '../events/live-events';
import { RequestActivity } from './request-activity';
import { createServices, type Services } from './services';
import { attachWebSocketServer } from './websocket';

export interface Gateway {
  readonly url: string;
  /** The configuration it was started with. */
  readonly config: Config;
  readonly port: number;
  readonly orm: MikroORM;
  readonly services: Services;
  readonly plugins: PluginRegistry;
  readonly log: Logger;
  /** Pulls the channels whose plugin polls its API (started when SALESGRAPH_PULL_INTERVAL_SECONDS > 0). */
  readonly pull: PullRunner;
  /** Removes events older than the retention from the log (hourly, one process at a time). */
  readonly pruner: EventPruner;
  /** Removes raw payload bodies older than SALESGRAPH_PAYLOAD_RETENTION_DAYS (hourly, one process at a time). */
  readonly payloadPruner: PayloadPruner;
  /** Ties orders to campaigns and keeps campaigns' usage (every few seconds, one process at a time). */
  readonly attribution: CampaignAttributionJob;
  /** Set when no admin key existed and none was configured: printed once, never stored in clear. */
  readonly generatedAdminKey?: string;
  /** Stops accepting, lets in-flight requests finish, closes sockets and the database. */
  stop(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  onQuery?: QueryListener;
}

/** Starts the whole gateway on one port: GraphQL over HTTP and WebSocket, health, metrics. */
export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const log = options.logger ?? createLogger(config.logLevel);
  const orm = await openDatabase(config.database, {
    onQuery: options.onQuery,
    log: (message) => log.info({ component: 'orm' }, message),
  });
  if (config.database.dialect === 'postgresql' && (await autovacuumOff(orm))) {
    log.warn(
      { autovacuum: 'off' },
      'autovacuum is off on this PostgreSQL server (autovacuum or track_counts): tables are never analyzed or vacuumed, ' +
        'so query plans keep the statistics of when the tables were small and updated tables keep their dead rows; turn it on, or run VACUUM ANALYZE regularly',
    );
  }
  const plugins = PluginRegistry.load(config.plugins);
  const reader = createSqlReader(config.database, orm, { onQuery: options.onQuery });
  const metrics = new Metrics();
  // an embedded database's checkpoints run on a thread of their own, never inside a request's commit
  const checkpoints =
    config.database.dialect === 'sqlite' && config.database.file !== ':memory:'
      ? new SqliteCheckpoints(config.database.file, { log, onCheckpoint: (result) => metrics.observeCheckpoint(result) })
      : null;
  const writer = createSqlWriter(config.database, orm, { backgroundCheckpoints: checkpoints !== null });
  const bus = config.redisUrl ? await RedisEventBus.connect(config.redisUrl, log) : new LocalEventBus();
  const live = new LiveEvents(createSqlReader(config.database, orm, { poolMax: 2 }), bus, log, {
    retentionDays: config.eventRetentionDays,
    bufferLimit: config.subscriptionBuffer,
    pollMs: config.eventPollMs,
  });
  await live.start();
  const limiter = new RateLimiter(
    config.redisUrl ? new RedisBucketStore(config.redisUrl, redisBucketPrefix(databaseIdentity(config.database)), log) : new MemoryBucketStore(),
    config.rateLimits ?? DEFAULT_RATE_LIMITS,
  );
  const requests = new RequestActivity();
  const services = createServices(orm, plugins, log, { reader, writer }, live, config.segments ?? DEFAULT_SEGMENT_RULES, limiter, requests);
  const { generatedSecret } = await services.apiKeys.bootstrapAdmin(orm.em.fork() as never, config.adminKey);
  const deps: ContextDeps = { orm, reader, services, log };
  const schema = await buildGatewaySchema();
  const limits = new QueryLimits(schema, config.queryLimits ?? DEFAULT_QUERY_LIMITS);

  const app = express();
  app.disable('x-powered-by');
  // POST /graphql is served ahead of the Express middleware chain (see graphql-http.ts)
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  // and so are webhooks, the hot path of ingestion (see webhook.route.ts)
  let webhookPost: ((req: http.IncomingMessage, res: http.ServerResponse, channelCode: string) => void) | undefined;
  const requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // requests over their time are found by a periodic check: often enough for a short limit
  const connectionsCheckingInterval = Math.min(30_000, Math.max(250, Math.floor(requestTimeoutMs / 4) || 30_000));
  // headers must still arrive within Node's headersTimeout (60 s), whatever this allows the body
  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.track(req, res);
    if (graphqlPost && isGraphqlPost(req)) return graphqlPost(req, res);
    const channelCode = webhookPost && webhookChannelCode(req);
    if (channelCode) return webhookPost!(req, res, channelCode);
    app(req, res);
  };
  // CORS (off unless SALESGRAPH_CORS_ORIGINS is set) ahead of every path, node:http and Express alike
  const crossOrigin = corsHandler(config.corsOrigins);
  const httpServer = http.createServer(
    { connectionsCheckingInterval, requestTimeout: requestTimeoutMs },
    crossOrigin ? (req, res) => crossOrigin(req, res, () => route(req, res)) : route,
  );
  let stopping = false;

  const apollo = new ApolloServer<RequestContext>({
    gateway: jitExecution(schema),
    // introspection is refused by the query limits when SALESGRAPH_INTROSPECTION is off, with their own code
    introspection: true,
    allowBatchedHttpRequests: limits.config.maxBatch > 1,
    parseOptions: limits.parseOptions,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: maskUnexpected,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // cache hints are unused, and the plugin would wrap every field resolver
      ApolloServerPluginCacheControlDisabled(),
      metrics.apolloPlugin(),
      errorLoggingPlugin(log),
      queryLimitsPlugin(limits),
    ],
  });
  await apollo.start();

  app.use(requestId());
  app.use(metrics.httpMiddleware());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = !stopping && (await databaseReachable(orm));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : stopping ? 'stopping' : 'database unreachable' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await metrics.render());
  });
  // a request's caller is found, and its token taken, once: a query the fast lane hands to Apollo
  // (its result had errors) is not authenticated nor counted twice
  const admitted = new WeakMap<http.IncomingMessage, Promise<Caller>>();
  const admit = async (req: http.IncomingMessage): Promise<Caller> => {
    const caller = await authenticate(deps, req.headers.authorization);
    const refused = await limiter.check('graphql', caller.keyId, caller.rateLimits?.graphql ?? null);
    if (refused) throw rateLimited(rateLimitedMessage(refused), refused.retryAfterSeconds);
    return caller;
  };
  const callerOf = (req: http.IncomingMessage): Promise<Caller> => {
    let caller = admitted.get(req);
    if (!caller) admitted.set(req, (caller = admit(req)));
    return caller;
  };
  const contextFor = async (req: http.IncomingMessage, requestId: string) => buildContext(deps, await callerOf(req), requestId);
  graphqlPost = graphqlHttpHandler({
    apollo,
    context: contextFor,
    metrics,
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    fastLane: new QueryFastLane(schema, limits),
    limits,
  });
  app.post(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    requestLimits(limits),
    expressMiddleware(apollo, {
      context: ({ req }) => contextFor(req, req.requestId),
    }),
  );
  webhookPost = webhookHttpHandler({ ingest: services.ingest, log, metrics, bodyLimitBytes: config.bodyLimitBytes });
  app.use(webhookRouter(services.ingest, log, config.bodyLimitBytes));
  app.use(importRouter(orm, reader, services, plugins, log));
  app.use(catalogImportRouter(orm, reader, services, log));
  app.use(exportRouter(orm, reader, services));
  app.use(dashboardRouter());
  app.use(jsonErrors(log));

  const ws = attachWebSocketServer(httpServer, schema, deps, metrics, { bus, pingIntervalMs: config.wsPingIntervalMs, maxBufferedBytes: config.wsMaxBufferedBytes, limits, maxPayloadBytes: config.bodyLimitBytes });
  const pruneMinutes = config.eventPruneIntervalMinutes ?? 60;
  const pruner = new EventPruner({ orm, dialect: config.database.dialect, log, retentionDays: live.retentionDays, intervalMs: Math.max(1, pruneMinutes) * 60_000 });
  if (pruneMinutes > 0) pruner.start();
  const payloadPruneMinutes = config.payloadPruneIntervalMinutes ?? 60;
  const payloadPruner = new PayloadPruner({
    orm,
    dialect: config.database.dialect,
    log,
    retentionDays: config.payloadRetentionDays ?? DEFAULT_PAYLOAD_RETENTION_DAYS,
    intervalMs: Math.max(1, payloadPruneMinutes) * 60_000,
  });
  if (payloadPruneMinutes > 0) payloadPruner.start();
  const attributionSeconds = config.attributionIntervalSeconds ?? 2;
  const attribution = new CampaignAttributionJob({ orm, writer, log, intervalMs: Math.max(1, attributionSeconds) * 1000 });
  if (attributionSeconds > 0) attribution.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, database: config.database.dialect }, 'salesgraph gateway listening');
  const pullInterval = config.pullIntervalSeconds ?? 0;
  const pull = new PullRunner({ orm, plugins, ingest: services.ingest, log, intervalMs: Math.max(1, pullInterval) * 1000 });
  if (pullInterval > 0) pull.start();

  let stopped: Promise<void> | undefined;
  return {
    url,
    config,
    port,
    orm,
    services,
    plugins,
    log,
    pull,
    pruner,
    payloadPruner,
    attribution,
    generatedAdminKey: generatedSecret,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await pull.stop();
        await pruner.stop();
        await payloadPruner.stop();
        await attribution.stop();
        await ws.close();
        await live.stop();
        await apollo.stop();
        await reader.close();
        await writer.close();
        await checkpoints?.stop();
        await limiter.close();
        await orm.close();
        log.info('salesgraph gateway stopped');
      })();
      return stopped;
    },
  };
}

/** Which database a gateway serves: its replicas share rate limits in Redis, other deployments do not. */
function databaseIdentity(db: DatabaseConfig): string {
  if (db.dialect === 'sqlite') return `sqlite:${path.resolve(db.file)}`;
  const url = new URL(db.url);
  return `postgresql:${url.hostname}:${url.port || '5432'}/${db.dbName}`;
}

/** Errors outside GraphQL (a body over the limit, malformed JSON) answer as JSON with a code. */
function jsonErrors(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status >= 500) log.error({ err: error, requestId: req.requestId }, 'unexpected error');
    res.status(status).type('application/json').send(httpErrorBody(status, String(error?.message ?? 'bad request')));
  };
}
