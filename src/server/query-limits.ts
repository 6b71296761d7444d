import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { costVariables, MAX_COUNTED_FIELDS, operationCost, pageSizeEstimator } from './query-cost';

/** The limits every operation is checked against before it runs; 0 turns a numeric limit off. */
export interface QueryLimitsConfig {
  /** Deepest nesting of fields in an operation (SALESGRAPH_MAX_DEPTH). */
  maxDepth: number;
  /** Highest estimated cost of an operation, see query-cost.ts (SALESGRAPH_MAX_COST). */
  maxCost: number;
  /** Aliases in an operation (SALESGRAPH_MAX_ALIASES). */
  maxAliases: number;
  /** Lexical tokens in a document, counted while parsing (SALESGRAPH_MAX_TOKENS). */
  maxTokens: number;
  /** Bytes of a request's variables as JSON (SALESGRAPH_MAX_VARIABLES_BYTES). */
  maxVariablesBytes: number;
  /** Operations in one batched HTTP request (a JSON array); 1 refuses batches (SALESGRAPH_MAX_BATCH). */
  maxBatch: number;
  /** Whether `__schema` and `__type` are answered (SALESGRAPH_INTROSPECTION). */
  introspection: boolean;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimitsConfig> = {
  maxDepth: 12,
  maxCost: 25_000,
  maxAliases: 30,
  maxTokens: 5_000,
  maxVariablesBytes: 512 * 1024,
  maxBatch: 1,
  introspection: false,
};

/** Page sizes resolvers use when `first` is absent and the schema states no default. */
const PAGE_SIZES = { default: DEFAULT_PAGE_SIZE, byField: { 'Query.deadLetters': 50 } };
/** Distinct values of the variables a cost depends on, kept per operation. */
const MAX_COSTS_PER_OPERATION = 64;

export interface CostReport {
  requested: number;
  maximum: number | null;
}

function refusal(message: string, code: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** The costs of one operation of a document, by the values of the variables they depend on. */
interface OperationCosts {
  readonly variables: readonly string[];
  readonly byValues: Map<string, number>;
}

/** What a document breaks whatever its variables, and its operations' costs: measured once per document. */
interface DocumentLimits {
  readonly refusal: GraphQLError | null;
  readonly operations: Map<string, OperationCosts | null>;
}

/**
 * Query abuse limits, checked before an operation runs on every path that runs one (the fast
 * lane, Apollo, graphql-ws): depth and aliases (measured by graphql-armor's rules), introspection,
 * and the estimated cost. Refusals are GraphQLErrors with a code naming the limit
 * (QUERY_TOO_DEEP, QUERY_TOO_MANY_ALIASES, INTROSPECTION_DISABLED, QUERY_TOO_COSTLY) and
 * extensions giving the measured value and the limit. Documents are measured once (kept beside
 * the document object, as Apollo and the fast lane keep their documents); costs once per distinct
 * value of the variables they depend on.
 */
export class QueryLimits {
  readonly parseOptions: ParseOptions;
  private readonly estimator: ComplexityEstimator = pageSizeEstimator(PAGE_SIZES);
  private readonly documents = new WeakMap<DocumentNode, DocumentLimits>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly config: QueryLimitsConfig,
  ) {
    this.parseOptions = config.maxTokens > 0 ? { maxTokens: config.maxTokens } : {};
  }

  /**
   * Throws the refusal of an operation about to run (a validated document); else returns its
   * cost, or null when its variables do not coerce (execution reports that).
   */
  check(document: DocumentNode, operationName: string | null | undefined, variables: unknown): number | null {
    const limits = this.limitsOf(document);
    if (limits.refusal) throw limits.refusal;
    const cost = this.cost(limits, document, operationName, variables);
    if (cost !== null && this.config.maxCost > 0 && cost > this.config.maxCost) {
      const measured = Number.isFinite(cost) ? `Query cost is ${cost}` : `Query selects more than ${MAX_COUNTED_FIELDS} fields`;
      throw refusal(
        `${measured}, over the limit of ${this.config.maxCost}: ask for smaller pages (first) or fewer nested lists`,
        'QUERY_TOO_COSTLY',
        { cost: { requested: Number.isFinite(cost) ? cost : null, maximum: this.config.maxCost } },
      );
    }
    return cost;
  }

  /** The limit a validated document breaks whatever its variables (depth, aliases, introspection), or null. */
  documentRefusal(document: DocumentNode): GraphQLError | null {
    return this.limitsOf(document).refusal;
  }

  /** What an answer reports in `extensions.cost`. */
  costReport(cost: number): CostReport {
    return { requested: cost, maximum: this.config.maxCost > 0 ? this.config.maxCost : null };
  }

  /** The refusal of variables larger than the limit, or null. */
  variablesRefusal(variables: unknown): GraphQLError | null {
    const max = this.config.maxVariablesBytes;
    if (max <= 0 || variables === undefined || variables === null) return null;
    const bytes = Buffer.byteLength(JSON.stringify(variables) ?? '');
    if (bytes <= max) return null;
    return refusal(`Variables are ${bytes} bytes, over the limit of ${max}`, 'VARIABLES_TOO_LARGE', { bytes, maxBytes: max });
  }

  /**
   * A graphql-ws subscribe payload parsed, validated and checked as an HTTP request is, or the
   * errors to answer it with.
   */
  prepare(payload: { query: string; operationName?: string | null; variables?: unknown }): DocumentNode | GraphQLError[] {
    const tooLarge = this.variablesRefusal(payload.variables);
    if (tooLarge) return [tooLarge];
    let document: DocumentNode;
    try {
      document = parse(payload.query, this.parseOptions);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    const errors = validate(this.schema, document);
    if (errors.length) return [...errors];
    try {
      this.check(document, payload.operationName, payload.variables);
    } catch (error) {
      return [error as GraphQLError];
    }
    return document;
  }

  private limitsOf(document: DocumentNode): DocumentLimits {
    let limits = this.documents.get(document);
    if (!limits) {
      limits = { refusal: this.measure(document), operations: new Map() };
      this.documents.set(document, limits);
    }
    return limits;
  }

  private measure(document: DocumentNode): GraphQLError | null {
    let depth = 0;
    let aliases = 0;
    const rules: ValidationRule[] = [
      maxDepthRule({ n: Infinity, flattenFragments: true, onAccept: [(_context, { n }) => (depth = Math.max(depth, n))] }),
      maxAliasesRule({ n: Infinity, onAccept: [(_context, { n }) => (aliases = Math.max(aliases, n))] }),
    ];
    if (!this.config.introspection) rules.push(NoSchemaIntrospectionCustomRule);
    const introspection = validate(this.schema, document, rules);
    const { maxDepth, maxAliases } = this.config;
    if (maxDepth > 0 && depth > maxDepth) {
      return refusal(`Query depth is ${depth}, over the limit of ${maxDepth}`, 'QUERY_TOO_DEEP', { depth, maxDepth });
    }
    if (maxAliases > 0 && aliases > maxAliases) {
      return refusal(`Query has ${aliases} aliases, over the limit of ${maxAliases}`, 'QUERY_TOO_MANY_ALIASES', { aliases, maxAliases });
    }
    if (introspection.length) {
      return new GraphQLError('Introspection is turned off on this server', {
        nodes: introspection[0].nodes,
        extensions: { code: 'INTROSPECTION_DISABLED' },
      });
    }
    return null;
  }

  private cost(limits: DocumentLimits, document: DocumentNode, operationName: string | null | undefined, variables: unknown): number | null {
    const values = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
    let costs = limits.operations.get(operationName ?? '');
    if (costs === undefined) {
      const operation = getOperationAST(document, operationName);
      costs = operation ? { variables: costVariables(document, operation), byValues: new Map() } : null;
      limits.operations.set(operationName ?? '', costs);
    }
    if (!costs) return null;
    // an absent variable (its default applies) and an explicit null are different keys
    const key = costs.variables.map((name) => (name in values ? JSON.stringify(values[name]) : '')).join(',');
    const known = costs.byValues.get(key);
    if (known !== undefined) return known;
    const cost = operationCost(this.schema, document, operationName, values, this.estimator);
    // an uncoercible value is not kept: the same key with other variables may coerce
    if (cost !== null) {
      if (costs.byValues.size >= MAX_COSTS_PER_OPERATION) costs.byValues.clear();
      costs.byValues.set(key, cost);
    }
    return cost;
  }
}
