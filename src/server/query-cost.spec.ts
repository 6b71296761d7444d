import { buildSchema, getOperationAST, parse } from 'graphql';

import { costVariables, MAX_COUNTED_FIELDS, operationCost, pageSizeEstimator } from './query-cost';

const schema = buildSchema(`
  type Query {
    orders(first: Int, after: String): OrderConnection!
    deadLetters(first: Int): [Letter!]!
    conflicts(first: Int = 100): [Letter!]!
    channels: [Channel!]!
    eventCursor: String
  }
  type OrderConnection { edges: [OrderEdge!]!  totalCount: Int! }
  type OrderEdge { node: Order! }
  type Order { id: ID!  lines: [Line!]!  customer: Customer }
  type Customer { orders(first: Int): OrderConnection! }
  type Line { sku: String }
  type Letter { id: ID }
  type Channel { code: String }
`);

const estimator = pageSizeEstimator({ default: 20, byField: { 'Query.deadLetters': 50 } });
const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), undefined, variables, estimator);

describe('operationCost', () => {
  it('counts each field once, a list without a page size as one item', () => {
    expect(cost('{ channels { code } eventCursor }')).toBe(3);
  });

  it('multiplies the selection of a paged field by the page size asked for', () => {
    // orders: 1 + 10 × (edges 1 + node 1 + id 1)
    expect(cost('{ orders(first: 10) { edges { node { id } } } }')).toBe(31);
  });

  it('multiplies nested pages into each other', () => {
    // inner orders: 1 + 5 × 1; customer 7; node 8; edges 9; outer orders: 1 + 10 × 9
    expect(cost('{ orders(first: 10) { edges { node { customer { orders(first: 5) { totalCount } } } } } }')).toBe(91);
  });

  it('takes the page size from the variables', () => {
    const query = 'query Page($n: Int) { orders(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 10 })).toBe(31);
    expect(cost(query, { n: 100 })).toBe(301);
  });

  it('uses the default page size when first is absent', () => {
    expect(cost('{ orders { totalCount } }')).toBe(21);
  });

  it("uses a field's own default page size, and the schema's default value over both", () => {
    expect(cost('{ deadLetters { id } }')).toBe(51);
    expect(cost('{ conflicts { id } }')).toBe(101);
  });

  it('counts a negative page size as an empty page', () => {
    expect(cost('{ orders(first: -3) { totalCount } }')).toBe(1);
  });

  it('leaves out fields skipped by @include and @skip', () => {
    const query = 'query($full: Boolean!) { channels { code } orders(first: 10) @include(if: $full) { totalCount } }';
    expect(cost(query, { full: false })).toBe(2);
    expect(cost(query, { full: true })).toBe(13);
  });

  it('counts fields reached through fragments', () => {
    expect(cost('{ orders(first: 10) { ...Page } } fragment Page on OrderConnection { edges { node { id } } }')).toBe(31);
  });

  it('costs the operation named, not the others of the document', () => {
    const document = parse('query A { channels { code } } query B { orders(first: 10) { totalCount } }');
    expect(operationCost(schema, document, 'B', {}, estimator)).toBe(11);
  });

  it('is unknown when the variables do not coerce, or no operation has that name', () => {
    expect(cost('query($n: Int) { orders(first: $n) { totalCount } }', { n: 'twenty' })).toBeNull();
    expect(operationCost(schema, parse('query A { eventCursor }'), 'B', {}, estimator)).toBeNull();
  });

  it('is infinite when the document selects more fields than are counted', () => {
    expect(cost(`{ ${'eventCursor '.repeat(MAX_COUNTED_FIELDS)} }`)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('costVariables', () => {
  const variablesOf = (query: string, operationName?: string) => {
    const document = parse(query);
    return costVariables(document, getOperationAST(document, operationName)!);
  };

  it('names the variables given to page sizes and directives, and no others', () => {
    const query =
      'query($n: Int, $after: String, $m: Int, $full: Boolean!) { orders(first: $n, after: $after) { edges { node { customer { ...C } } } } ' +
      'channels @include(if: $full) { code } } fragment C on Customer { orders(first: $m) { totalCount } }';
    expect(variablesOf(query)).toEqual(['full', 'm', 'n']);
  });

  it('is empty for an operation without variables', () => {
    expect(variablesOf('{ orders(first: 5) { totalCount } }')).toEqual([]);
  });
});
