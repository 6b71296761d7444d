import { getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

import type { QueryLimits } from './query-limits';

const MAX_DOCUMENTS = 1000;
const MAX_QUERY_LENGTH = 16 * 1024;
const BODY_KEYS = new Set(['query', 'variables', 'operationName']);
/** No Accept header, or one Apollo would answer with application/json (not graphql-response+json, not a 406). */
const PLAIN_JSON_ACCEPT = /^\s*(?:\*\/\*|application\/json)\s*(?:;[^,]*)?$/i;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Compiled = CompiledQuery<any, any>;

/** A query operation ready to run: parsed, validated against the schema and compiled once. */
export interface LaneOperation {
  readonly document: DocumentNode;
  readonly compiled: Compiled;
  /** The operation's own name (what Apollo reports as operationName), or null when anonymous. */
  readonly name: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The common case of POST /graphql answered without Apollo's per-request pipeline: a `query`
 * operation (never a mutation or subscription) whose document parses and validates (graphql-js's
 * specified rules, as Apollo validates here), compiled by graphql-jit as the gateway executor
 * compiles it, run with the same context, answered as Apollo answers a result without errors
 * (`{"data":…}` and a newline, application/json). Anything else — a document that fails to
 * parse or validate, extensions (persisted queries), an Accept header asking for another media
 * type, an operation that is not a query, and every result carrying errors — goes to Apollo,
 * which parses, validates, formats, masks and logs as it always does (a query whose result had
 * errors runs again there).
 *
 * The query limits apply here as in Apollo: a document over a limit of its own (depth, aliases,
 * introspection) is never compiled, and an operation whose cost with the request's variables is
 * over the limit does not run; Apollo answers both with the refusal. An answer reports its cost
 * in `extensions.cost`.
 *
 * Apollo plugins do not run for operations answered here: the gateway's own (metrics, error
 * logging, query limits) are applied by the caller or here; a new plugin with per-request hooks
 * must be applied there too.
 */
export class QueryFastLane {
  private readonly operations = new Map<string, LaneOperation | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits?: QueryLimits,
  ) {}

  /** The operation this request body asks for when it may take the lane; null sends it to Apollo. */
  operationFor(body: unknown, accept: string | undefined): LaneOperation | null {
    if (accept !== undefined && !PLAIN_JSON_ACCEPT.test(accept)) return null;
    if (!isPlainObject(body)) return null;
    for (const key in body) if (!BODY_KEYS.has(key)) return null;
    const { query, variables, operationName } = body;
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return null;
    if (variables !== undefined && variables !== null && !isPlainObject(variables)) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    const key = `${operationName ?? ''}\u0000${query}`;
    let operation = this.operations.get(key);
    if (operation === undefined) {
      operation = this.prepare(query, operationName ?? null);
      if (this.operations.size >= MAX_DOCUMENTS) this.operations.clear();
      this.operations.set(key, operation);
    }
    return operation;
  }

  /** Runs an operation; null when it is over a limit or the result carries errors (or it threw), for Apollo to answer. */
  async run(operation: LaneOperation, context: unknown, variables: unknown): Promise<ExecutionResult | null> {
    try {
      const cost = this.limits ? this.limits.check(operation.document, operation.name, variables) : null;
      const result = await operation.compiled.query(undefined, context, (variables ?? {}) as Record<string, unknown>);
      if (result.errors?.length || result.data === undefined || result.data === null) return null;
      return cost === null ? result : { data: result.data, extensions: { cost: this.limits!.costReport(cost) } };
    } catch {
      return null;
    }
  }

  private prepare(query: string, operationName: string | null): LaneOperation | null {
    try {
      const document = parse(query, this.limits?.parseOptions);
      if (validate(this.schema, document, specifiedRules).length > 0) return null;
      const operation = getOperationAST(document, operationName);
      if (!operation || operation.operation !== 'query') return null;
      if (this.limits?.documentRefusal(document)) return null;
      const compiled = compileQuery(this.schema, document, operationName ?? undefined);
      if (!isCompiledQuery(compiled)) return null;
      return { document, compiled, name: operation.name?.value ?? null };
    } catch {
      return null;
    }
  }
}
