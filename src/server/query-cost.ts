import {
  getOperationAST,
  getVariableValues,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** The argument that sets how many items a list field returns. */
export const PAGE_SIZE_ARGUMENT = 'first';

/** Fields counted before the estimate gives up (a document whose fragments expand past it). */
export const MAX_COUNTED_FIELDS = 10_000;

export interface PageSizes {
  /** Items a field that takes `first` returns when `first` is absent and the schema states no default. */
  readonly default: number;
  /** Fields whose resolver uses another default, by schema coordinate (`Query.deadLetters`). */
  readonly byField?: Readonly<Record<string, number>>;
}

/**
 * The cost of a field: 1, plus the cost of its selection; a field that takes a page size
 * (`first`) multiplies its selection by it: the `first` asked for, else the schema's default for
 * the argument, else the field's default page size. Lists without a page size (an order's lines,
 * a customer's identities) are bounded by the data rather than by the client: one item each.
 */
export function pageSizeEstimator(pageSizes: PageSizes): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (!field.args.some((arg) => arg.name === PAGE_SIZE_ARGUMENT)) return 1 + childComplexity;
    const first: unknown = args[PAGE_SIZE_ARGUMENT];
    const size =
      typeof first === 'number' ? Math.max(0, first) : (pageSizes.byField?.[`${type.name}.${field.name}`] ?? pageSizes.default);
    return 1 + size * childComplexity;
  };
}

/**
 * The estimated cost of the operation `operationName` of a validated document with these
 * variables (graphql-query-complexity with the page-size estimator; fields left out by
 * `@skip`/`@include` cost nothing). Null when there is no such operation or the variables do not
 * coerce (execution reports that); Infinity when the fragments expand past MAX_COUNTED_FIELDS.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  estimator: ComplexityEstimator,
): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return null;
  try {
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operation.name?.value,
      estimators: [estimator],
      maxQueryNodes: MAX_COUNTED_FIELDS,
    });
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The variables an operation's cost depends on: those given to a page size (`first`) or to a
 * directive (`@skip(if:)`, `@include(if:)`), in the operation or its fragments. An operation
 * without any costs the same whatever its other variables say.
 */
export function costVariables(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const declared = new Set((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value));
  if (!declared.size) return [];
  const used = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(variable) {
        if (declared.has(variable.name.value)) used.add(variable.name.value);
      },
    });
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? []) if (argument.name.value === PAGE_SIZE_ARGUMENT) collect(argument.value);
    },
    Directive(directive) {
      collect(directive);
    },
    OperationDefinition(definition) {
      // other operations of the document have variables of their own
      if (definition !== operation) return false;
      return undefined;
    },
    VariableDefinition() {
      // a variable's default value never names another variable; its directives do not run
      return false;
    },
  });
  return [...used].sort();
}
