import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { CheckpointResult } from '../db/sqlite-checkpoints';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Operation names are chosen by clients: the first this many distinct ones get series of their
 * own, later ones are counted under `(other)` (no operation can have that name), so that a client sending a new name with every
 * request cannot grow the gateway's memory and /metrics without end.
 */
export const MAX_OPERATION_NAMES = 200;
export const OTHER_OPERATIONS = '(other)';

/** Prometheus metrics of one gateway: HTTP and GraphQL counts and latency, plus process metrics. */
export class Metrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by type, name and outcome (ok or error)',
    labelNames: ['operation_type', 'operation_name', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by type and name',
    labelNames: ['operation_type', 'operation_name'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly sqliteCheckpoints = new Counter({
    name: 'salesgraph_sqlite_checkpoints_total',
    help: "Checkpoints of SQLite's write-ahead log run by the gateway's checkpoint thread: passive, or restart (the log started over)",
    labelNames: ['mode'] as const,
    registers: [this.registry],
  });

  private readonly sqliteWalFrames = new Gauge({
    name: 'salesgraph_sqlite_wal_frames',
    help: "Frames in SQLite's write-ahead log at the last checkpoint, and how many of them it copied to the database file",
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  private readonly operationNames = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'salesgraph_' });
  }

  /** Starts timing one HTTP request; call the result with its method, route and status once answered. */
  httpTimer(): (method: string, route: string, statusCode: number) => void {
    const started = process.hrtime.bigint();
    return (method, route, statusCode) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    };
  }

  /** Express middleware timing every request; the route label is the matched route (or mount point), not the raw URL. */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const done = this.httpTimer();
      res.once('finish', () => {
        // never the raw path: every distinct URL would be a series of its own
        const route = (req.route?.path as string | undefined) ?? (req.baseUrl || 'unmatched');
        done(req.method, route, res.statusCode);
      });
      next();
    };
  }

  /** Records one GraphQL operation (HTTP or WebSocket). */
  observeOperation(type: string, name: string, seconds: number, ok: boolean): void {
    const operation_name = this.operationLabel(name.slice(0, 64));
    this.graphqlOperations.inc({ operation_type: type, operation_name, outcome: ok ? 'ok' : 'error' });
    this.graphqlDuration.observe({ operation_type: type, operation_name }, seconds);
  }

  private operationLabel(name: string): string {
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATIONS;
    this.operationNames.add(name);
    return name;
  }

  /** Records one checkpoint of the SQLite write-ahead log (see SqliteCheckpoints). */
  observeCheckpoint(result: CheckpointResult): void {
    this.sqliteCheckpoints.inc({ mode: result.restarted ? 'restart' : 'passive' });
    this.sqliteWalFrames.set({ state: 'logged' }, result.logFrames);
    this.sqliteWalFrames.set({ state: 'checkpointed' }, result.checkpointedFrames);
  }

  apolloPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ operation, operationName, errors }) => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            this.observeOperation(operation?.operation ?? 'unknown', operationName ?? 'anonymous', seconds, !errors?.length);
          },
        };
      },
    };
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
