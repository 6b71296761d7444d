import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';

import type { Caller } from '../auth/caller';
import type { EventBus } from '../events/event-bus';
import { authenticate, buildContext, type ContextDeps } from './context';
import { maskUnexpected } from './error-masking';
import type { Metrics } from './metrics';
import type { QueryLimits } from './query-limits';
import { SharedSubscriptions, TRANSPORT, type SubscriptionTransport } from './shared-execution';

type ConnectionExtra = {
  socket: WebSocket;
  caller?: Caller;
  connectionId: string;
};

/** Close codes of our own (graphql-ws's: 4400 bad message, 4401/4403 no valid key, 4408 no connection_init in time, 4500 internal). */
export const CLOSE_SLOW_CONSUMER = 4413;
export const CLOSE_KEY_REVOKED = 4403;

export interface WebSocketOptions {
  /** Where key revocations arrive from (any gateway process). */
  bus: EventBus;
  /**
   * Bytes waiting to be sent on one socket before it is closed as too slow (default 4 MiB).
   * Beyond a quarter of it (at most 256 KiB), its subscriptions' next events wait in their
   * bounded buffers until the socket has drained: a replay goes at the pace the client reads.
   */
  maxBufferedBytes?: number;
  /** Subscriptions one socket may hold at once (default 50). */
  maxSubscriptionsPerSocket?: number;
  /** Time between pings; a socket that did not answer the previous one is dropped (default 15 s). */
  pingIntervalMs?: number;
  /** Time between checks that the keys of open sockets are still valid (default 30 s). */
  keyCheckIntervalMs?: number;
  /** Operations on a socket are checked against the query limits before they run, as over HTTP. */
  limits?: QueryLimits;
  /** Largest message a client may send (the HTTP body limit); a larger one closes the socket with 1009. */
  maxPayloadBytes?: number;
}

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's port and /graphql path.
 * The key travels in connection_init as `{ "authorization": "Bearer <key>" }`; without a valid
 * one the socket is closed with 4403 Forbidden. A revoked key's sockets are closed with 4403 as
 * soon as the revocation is known (at once through the bus, else at the next key check). A
 * socket that falls behind (its send buffer over the limit, or a subscription's event buffer
 * full) is closed with 4413: the client reconnects and resumes with `after:` its last cursor.
 * Sockets are pinged; one that does not answer is dropped.
 */
export function attachWebSocketServer(
  httpServer: Server,
  schema: GraphQLSchema,
  deps: ContextDeps,
  metrics: Metrics,
  options: WebSocketOptions,
): { close(): Promise<void> } {
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const pauseAbove = Math.min(256 * 1024, Math.floor(maxBuffered / 4));
  const maxSubscriptions = options.maxSubscriptionsPerSocket ?? 50;
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    ...(options.maxPayloadBytes ? { maxPayload: options.maxPayloadBytes } : {}),
  });
  let nextConnection = 0;
  /** Open sockets by the id of the key they authenticated with. */
  const byKey = new Map<number, Set<WebSocket>>();
  /** Pings each socket has left unanswered in a row. */
  const unanswered = new WeakMap<WebSocket, number>();

  const closeKey = (keyId: number) => {
    for (const socket of byKey.get(keyId) ?? []) socket.close(CLOSE_KEY_REVOKED, 'Forbidden: the API key was revoked');
    byKey.delete(keyId);
  };
  /** Closes the sockets of those of these keys the database says are revoked. */
  const checkKeys = (ids: number[]) => {
    if (!ids.length) return;
    deps.reader
      .all(`select id from api_key where revoked_at is not null and id in (${ids.map(() => '?').join(', ')})`, ids)
      .then((rows) => rows.forEach((row) => closeKey(Number(row.id))))
      .catch((error: unknown) => deps.log.warn({ err: error }, 'could not check the keys of open sockets'));
  };
  // a hint only: checked against this gateway's own database (another deployment may share the Redis)
  const stopRevocations = options.bus.subscribe('revoked-keys', (message) => {
    const id = Number(message);
    if (Number.isSafeInteger(id) && byKey.has(id)) checkKeys([id]);
  });
  const keyCheck = setInterval(() => checkKeys([...byKey.keys()]), options.keyCheckIntervalMs ?? 30_000);
  keyCheck.unref();

  /** The TCP socket under each WebSocket, corked while a run of messages is written to it. */
  const tcpOf = new WeakMap<WebSocket, Duplex>();
  wss.on('connection', (socket, request) => {
    tcpOf.set(socket, request.socket);
    unanswered.set(socket, 0);
    socket.on('pong', () => unanswered.set(socket, 0));
  });
  const interval = options.pingIntervalMs ?? 15_000;
  let lastTick = Date.now();
  const pings = setInterval(() => {
    const now = Date.now();
    // A late tick means this process was busy: timers run before the sockets are read, so
    // answers may be waiting unread behind this tick. Nobody is judged on a late tick.
    const onTime = now - lastTick < interval * 1.5;
    lastTick = now;
    for (const socket of wss.clients) {
      // dead: no answer to the last two pings. One is forgiven: a pong that arrived just after a
      // busy spell may still be unread when this tick runs, though the tick itself was on time.
      const missed = unanswered.get(socket) ?? 0;
      if (missed >= 2) {
        if (onTime) socket.terminate();
        continue;
      }
      unanswered.set(socket, missed + 1);
      socket.ping();
    }
  }, interval);
  pings.unref();

  const shared = new SharedSubscriptions((error) => deps.log.error({ err: error.originalError ?? error }, 'unexpected error in a subscription event'));
  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      // each event executed once per kind of subscriber, not once per socket
      subscribe: shared.subscribe,
      onConnect: async (ctx) => {
        const extra = ctx.extra as ConnectionExtra;
        extra.connectionId = `ws-${++nextConnection}`;
        try {
          extra.caller = await authenticate(deps, ctx.connectionParams?.authorization);
        } catch {
          deps.log.info({ connectionId: extra.connectionId }, 'websocket connection refused: no valid key');
          return false;
        }
        const sockets = byKey.get(extra.caller.keyId) ?? new Set<WebSocket>();
        sockets.add(extra.socket);
        byKey.set(extra.caller.keyId, sockets);
        return true;
      },
      onClose: (ctx) => {
        const extra = ctx.extra as ConnectionExtra;
        if (!extra.caller) return;
        const sockets = byKey.get(extra.caller.keyId);
        sockets?.delete(extra.socket);
        if (sockets && !sockets.size) byKey.delete(extra.caller.keyId);
      },
      onSubscribe: (ctx, _id, payload) => {
        // each subscription holds a buffer: a socket may hold only so many
        if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
          return [new GraphQLError(`a connection may hold at most ${maxSubscriptions} subscriptions at once`, { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        if (!options.limits) return;
        // parsed, validated and checked against the query limits here, before anything runs
        const document = options.limits.prepare(payload);
        if (Array.isArray(document)) return document;
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx, id, payload) => {
        const extra = ctx.extra as ConnectionExtra;
        const context = buildContext(deps, extra.caller!, `${extra.connectionId}:${payload.operationName ?? 'op'}`);
        const socket = extra.socket;
        const transport: SubscriptionTransport = {
          id,
          send(messages) {
            if (socket.readyState !== socket.OPEN) return false;
            if (socket.bufferedAmount > maxBuffered) {
              this.tooSlow();
              return false;
            }
            // several frames, one write: the socket sends what is corked when it is uncorked
            const tcp = messages.length > 1 ? tcpOf.get(socket) : undefined;
            tcp?.cork();
            for (const message of messages) socket.send(message);
            tcp?.uncork();
            return true;
          },
          ready(drained) {
            if (socket.bufferedAmount <= pauseAbove) return true;
            const tcp = tcpOf.get(socket);
            if (!tcp || tcp.destroyed) return true; // send finds it closed
            tcp.once('drain', drained);
            return false;
          },
          tooSlow() {
            socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer: resume with after: your last cursor');
          },
        };
        return Object.assign(context, { [TRANSPORT]: transport });
      },
      onOperation: (_ctx, _id, _payload, args) => {
        const operation = args.document.definitions.find((d) => d.kind === 'OperationDefinition');
        const type = operation && 'operation' in operation ? operation.operation : 'unknown';
        metrics.observeOperation(type, args.operationName ?? 'anonymous', 0, true);
      },
      // results of queries and mutations on the socket (subscription events are written by SharedSubscriptions)
      onNext: (ctx, _id, _payload, _args, result) => {
        const extra = ctx.extra as ConnectionExtra;
        if (!result.errors?.length) return;
        for (const error of result.errors) {
          if (maskUnexpected(error.toJSON(), error).extensions?.code === 'INTERNAL_SERVER_ERROR') {
            deps.log.error({ err: error.originalError ?? error, connectionId: extra.connectionId }, 'unexpected error in GraphQL operation');
          }
        }
        return { ...result, errors: result.errors.map((error) => maskUnexpected(error.toJSON(), error)) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        // sent as they are returned: masked like every other error of the API
        return errors.map((error) => maskUnexpected(error.toJSON(), error)) as never;
      },
    },
    wss,
  );
  return {
    async close() {
      clearInterval(pings);
      clearInterval(keyCheck);
      stopRevocations();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
