import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

const MAX_CACHED_OPERATIONS = 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Compiled = CompiledQuery<any, any>;

/**
 * Variable coercion errors found by the compiled query are the caller's fault: BAD_USER_INPUT
 * with HTTP 400, as graphql-js execution under Apollo answers them.
 */
function asBadUserInput(result: ExecutionResult): ExecutionResult {
  if (result.data !== undefined || !result.errors?.length) return result;
  return {
    errors: result.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          originalError: error.originalError,
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        }),
    ),
  };
}

/**
 * Runs operations compiled by graphql-jit instead of interpreting them with graphql-js, plugged
 * in through Apollo Server's gateway interface: Apollo still parses, validates, caches documents
 * and runs its plugins; only execution changes. Compiled operations are kept per document hash
 * and operation name (bounded, least-recently-used first out).
 */
export function jitExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, Compiled>();
  const sdl = printSchema(schema);

  const compile = (
    key: string,
    document: Parameters<typeof compileQuery>[1],
    operationName: string | null,
  ): Compiled | ExecutionResult => {
    const hit = compiled.get(key);
    if (hit) {
      compiled.delete(key);
      compiled.set(key, hit);
      return hit;
    }
    const result = compileQuery(schema, document, operationName ?? undefined) as Compiled | ExecutionResult;
    if (!isCompiledQuery(result)) return result;
    if (compiled.size >= MAX_CACHED_OPERATIONS) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, result);
    return result;
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const query = compile(
      `${requestContext.queryHash}:${requestContext.operationName ?? ''}`,
      requestContext.document,
      requestContext.operationName,
    );
    if (!isCompiledQuery(query)) return query as ExecutionResult;
    const result = await query.query(undefined, requestContext.context, requestContext.request.variables ?? {});
    return asBadUserInput(result);
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: sdl });
      return () => undefined;
    },
    async stop() {
      compiled.clear();
    },
  };
}
