import { buildSchema } from 'graphql';

import { QueryFastLane } from './query-fast-lane';

const schema = buildSchema(`
  type Query { hello(name: String): String, fail: String }
  type Mutation { touch: String }
`);
Object.assign(schema.getQueryType()!.getFields().hello, { resolve: (_: unknown, args: { name?: string }) => `hi ${args.name ?? 'you'}` });
Object.assign(schema.getQueryType()!.getFields().fail, {
  resolve: () => {
    throw new Error('boom');
  },
});

describe('QueryFastLane', () => {
  const lane = new QueryFastLane(schema);

  it('compiles a query once and runs it with its variables', async () => {
    const body = { query: 'query Q($n: String) { hello(name: $n) }', variables: { n: 'Ana' }, operationName: 'Q' };
    const operation = lane.operationFor(body, undefined)!;
    expect(operation.name).toBe('Q');
    expect(lane.operationFor({ ...body }, '*/*')).toBe(operation);
    expect(await lane.run(operation, {}, body.variables)).toEqual({ data: { hello: 'hi Ana' } });
  });

  it('leaves a mutation, a document that does not validate and one that does not parse to Apollo', () => {
    expect(lane.operationFor({ query: 'mutation { touch }' }, undefined)).toBeNull();
    expect(lane.operationFor({ query: '{ nope }' }, undefined)).toBeNull();
    expect(lane.operationFor({ query: '{ hello' }, undefined)).toBeNull();
  });

  it('leaves requests with extensions, other body shapes or another Accept to Apollo', () => {
    expect(lane.operationFor({ query: '{ hello }', extensions: {} }, undefined)).toBeNull();
    expect(lane.operationFor({ query: '{ hello }', variables: [] }, undefined)).toBeNull();
    expect(lane.operationFor([{ query: '{ hello }' }], undefined)).toBeNull();
    expect(lane.operationFor({ query: '{ hello }' }, 'application/graphql-response+json')).toBeNull();
    expect(lane.operationFor({ query: '{ hello }' }, 'application/json')).not.toBeNull();
  });

  it('gives no result for an operation whose result carries errors, so Apollo answers it', async () => {
    const operation = lane.operationFor({ query: '{ fail }' }, undefined)!;
    expect(await lane.run(operation, {}, undefined)).toBeNull();
  });

  it('gives no result when variables do not coerce', async () => {
    const operation = lane.operationFor({ query: 'query($n: String) { hello(name: $n) }' }, undefined)!;
    expect(await lane.run(operation, {}, { n: { not: 'a string' } })).toBeNull();
  });
});
