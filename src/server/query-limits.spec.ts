import { buildSchema, GraphQLError, parse } from 'graphql';

import { DEFAULT_QUERY_LIMITS, QueryLimits, type QueryLimitsConfig } from './query-limits';

const schema = buildSchema(`
  type Query { orders(first: Int): OrderConnection!  eventCursor: String }
  type OrderConnection { edges: [OrderEdge!]!  totalCount: Int! }
  type OrderEdge { node: Order! }
  type Order { id: ID!  customer: Customer }
  type Customer { orders(first: Int): OrderConnection! }
`);

const limitsWith = (config: Partial<QueryLimitsConfig>) => new QueryLimits(schema, { ...DEFAULT_QUERY_LIMITS, ...config });

/** The refusal `check` throws, or null when the operation may run. */
function refusalOf(limits: QueryLimits, query: string, variables: Record<string, unknown> = {}): GraphQLError | null {
  try {
    limits.check(parse(query), undefined, variables);
    return null;
  } catch (error) {
    return error as GraphQLError;
  }
}

describe('QueryLimits', () => {
  it('measures depth in fields, fragments adding none', () => {
    const limits = limitsWith({ maxDepth: 4 });
    expect(refusalOf(limits, '{ orders { ...E } } fragment E on OrderConnection { edges { node { id } } }')).toBeNull();
    expect(refusalOf(limits, '{ orders { edges { node { customer { orders { totalCount } } } } } }')?.extensions).toEqual({
      code: 'QUERY_TOO_DEEP',
      depth: 6,
      maxDepth: 4,
    });
  });

  it('counts aliases across the operation', () => {
    const limits = limitsWith({ maxAliases: 2 });
    expect(refusalOf(limits, '{ a: eventCursor b: eventCursor }')).toBeNull();
    expect(refusalOf(limits, '{ a: eventCursor b: eventCursor c: orders { totalCount } }')?.extensions).toEqual({
      code: 'QUERY_TOO_MANY_ALIASES',
      aliases: 3,
      maxAliases: 2,
    });
  });

  it('refuses __schema and __type when introspection is off, never __typename', () => {
    const limits = limitsWith({ introspection: false });
    expect(refusalOf(limits, '{ __schema { queryType { name } } }')?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect(refusalOf(limits, '{ __type(name: "Order") { name } }')?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect(refusalOf(limits, '{ __typename }')).toBeNull();
    expect(refusalOf(limitsWith({ introspection: true }), '{ __schema { queryType { name } } }')).toBeNull();
  });

  it('refuses a cost over the limit naming both', () => {
    const refusal = refusalOf(limitsWith({ maxCost: 100 }), '{ orders(first: 50) { edges { node { id } } } }');
    expect(refusal?.message).toMatch(/151.*100/);
    expect(refusal?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: { requested: 151, maximum: 100 } });
  });

  it('refuses a document whose fragments expand past the fields it counts', () => {
    const refusal = refusalOf(limitsWith({ maxCost: 100 }), `{ ${'eventCursor '.repeat(10_000)}}`);
    expect(refusal?.message).toMatch(/selects more than 10000 fields, over the limit of 100/);
    expect(refusal?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: { requested: null, maximum: 100 } });
  });

  it('gives the cost of each request by its own variables, the document measured once', () => {
    const limits = limitsWith({ maxCost: 100 });
    const document = parse('query($n: Int, $search: String) { orders(first: $n) { totalCount } }');
    expect(limits.check(document, undefined, { n: 5, search: 'a' })).toBe(6);
    expect(limits.check(document, undefined, { n: 50, search: 'a' })).toBe(51);
    expect(limits.check(document, undefined, { n: 5, search: 'b' })).toBe(6);
    expect(limits.check(document, undefined, {})).toBe(21);
    expect(() => limits.check(document, undefined, { n: 500 })).toThrow(/501/);
  });

  it('turns a limit off with 0', () => {
    const limits = limitsWith({ maxDepth: 0, maxCost: 0 });
    expect(refusalOf(limits, '{ orders(first: 500) { edges { node { customer { orders(first: 500) { totalCount } } } } } }')).toBeNull();
  });

  it('refuses variables over their size limit', () => {
    const limits = limitsWith({ maxVariablesBytes: 20 });
    expect(limits.variablesRefusal({ search: 'short' })).toBeNull();
    expect(limits.variablesRefusal({ search: 'x'.repeat(30) })?.extensions).toEqual({ code: 'VARIABLES_TOO_LARGE', bytes: 43, maxBytes: 20 });
  });

  it('prepares a subscribe payload: parsed within the token limit, validated, then checked', () => {
    const limits = limitsWith({ maxTokens: 10, maxDepth: 2 });
    const firstError = (query: string) => (limits.prepare({ query }) as GraphQLError[])[0];
    expect(limits.prepare({ query: '{ eventCursor }' })).toHaveProperty('kind', 'Document');
    expect(firstError('{ orders { edges { node { id } } } }').message).toMatch(/contains more tha. 10 tokens/);
    expect(firstError('{ orders { edges { cursor } } }').message).toMatch(/"cursor"/);
    expect(firstError('{ orders { edges { __typename } } }').extensions?.code).toBe('QUERY_TOO_DEEP');
  });
});
