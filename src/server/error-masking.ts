import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

import type { RequestContext } from './request-context';

/** True for errors we raised on purpose (bad input, auth) or that graphql-js raised for a bad request. */
function isExpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return code !== undefined ? code !== 'INTERNAL_SERVER_ERROR' : original.originalError === undefined;
  }
  return false;
}

/** Unexpected errors reach the client as a bare INTERNAL_SERVER_ERROR, never a stack or a message. */
export function maskUnexpected(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isExpected(error)) return formatted;
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Logs every unexpected error in full, with the request id the client got in X-Request-Id. */
export function errorLoggingPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ errors, contextValue, operationName }) => {
        for (const error of errors) {
          if (isExpected(error)) continue;
          (contextValue?.log ?? log).error(
            { err: unwrapResolverError(error), path: error.path, operationName },
            'unexpected error in GraphQL operation',
          );
        }
      },
    }),
  };
}
