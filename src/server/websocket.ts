import type { Server } from 'node:http';

import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

import type { Caller } from '../auth/caller';
import { authenticate, buildContext, type ContextDeps } from './context';
import { maskUnexpected } from './error-masking';
import type { Metrics } from './metrics';

type ConnectionExtra = {
  caller?: Caller;
  connectionId: string;
};

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's port and /graphql path.
 * The key travels in connection_init as `{ "authorization": "Bearer <key>" }`; without a valid
 * one the socket is closed with 4403 Forbidden.
 */
export function attachWebSocketServer(
  httpServer: Server,
  schema: GraphQLSchema,
  deps: ContextDeps,
  metrics: Metrics,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  let nextConnection = 0;
  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        (ctx.extra as ConnectionExtra).connectionId = `ws-${++nextConnection}`;
        try {
          (ctx.extra as ConnectionExtra).caller = await authenticate(deps, ctx.connectionParams?.authorization);
          return true;
        } catch {
          deps.log.info({ connectionId: (ctx.extra as ConnectionExtra).connectionId }, 'websocket connection refused: no valid key');
          return false;
        }
      },
      context: (ctx, _id, payload) => {
        const extra = ctx.extra as ConnectionExtra;
        return buildContext(deps, extra.caller!, `${extra.connectionId}:${payload.operationName ?? 'op'}`);
      },
      onOperation: (_ctx, _id, _payload, args) => {
        const operation = args.document.definitions.find((d) => d.kind === 'OperationDefinition');
        const type = operation && 'operation' in operation ? operation.operation : 'unknown';
        metrics.observeOperation(type, args.operationName ?? 'anonymous', 0, true);
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        const extra = ctx.extra as ConnectionExtra;
        for (const error of result.errors) {
          if (maskUnexpected(error.toJSON(), error).extensions?.code === 'INTERNAL_SERVER_ERROR') {
            deps.log.error({ err: error.originalError ?? error, connectionId: extra.connectionId }, 'unexpected error in GraphQL operation');
          }
        }
        return { ...result, errors: result.errors.map((error) => maskUnexpected(error.toJSON(), error)) };
      },
    },
    wss,
  );
  return {
    async close() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
