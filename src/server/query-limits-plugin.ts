import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

import type { QueryLimits } from './query-limits';
import type { RequestContext } from './request-context';

/**
 * The query limits on operations Apollo runs (over HTTP, however the request arrived): an
 * operation over a limit is refused with HTTP 400 before it runs, and an answer that carries
 * data reports the operation's cost in `extensions.cost`, as the fast lane does.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ document, request }) {
          try {
            cost = limits.check(document, request.operationName, request.variables);
          } catch (error) {
            const refused = error as GraphQLError;
            throw new GraphQLError(refused.message, {
              nodes: refused.nodes,
              extensions: { ...refused.extensions, http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data === undefined) return;
          result.extensions = { ...result.extensions, cost: limits.costReport(cost) };
        },
      };
    },
  };
}
