import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(() => t?.stop());

const post = (body: unknown, type = 'application/json') =>
  t
    .http()
    .post('/graphql')
    .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .set('content-type', type)
    .send(typeof body === 'string' ? body : JSON.stringify(body));

function expectNoStack(body: unknown) {
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|at [A-Za-z]+ \(/);
}

describe('bad requests', () => {
  it('malformed GraphQL is GRAPHQL_PARSE_FAILED', async () => {
    const res = await post({ query: '{ orders(first: 5 { edges }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expectNoStack(res.body);
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED naming it', async () => {
    const res = await post({ query: '{ orders { edges { node { colour } } } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/colour/);
    expectNoStack(res.body);
  });

  it('a variable of the wrong type is BAD_USER_INPUT', async () => {
    const res = await post({ query: 'query($n: Int) { orders(first: $n) { totalCount } }', variables: { n: 'twenty' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectNoStack(res.body);
  });

  it('a body that is not JSON gets a JSON error, not a stack trace', async () => {
    const res = await post('{"query": "{ channels { code } }"', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expectNoStack(res.body);
  });

  it('a body over the limit is 413', async () => {
    const res = await post({ query: `{ channels { code } } # ${'x'.repeat(1024 * 1024)}` });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a negative page size is BAD_USER_INPUT naming the argument', async () => {
    const res = await post({ query: '{ orders(first: -3) { totalCount } }' });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('unexpected errors', () => {
  it('are masked for the client and logged in full with the request id', async () => {
    const original = t.gateway.services.orders.list;
    t.gateway.services.orders.list = async () => {
      throw new Error('disk on fire at /var/lib/secret/path');
    };
    try {
      const res = await post({ query: '{ orders { totalCount } }' }).set('x-request-id', 'req-boom-1');
      expect(res.body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res.body)).not.toMatch(/disk on fire|secret\/path/);
      expectNoStack(res.body);
      expect(res.headers['x-request-id']).toBe('req-boom-1');
      const logged = t.logs.find((l) => l.requestId === 'req-boom-1' && l.level === 50);
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toMatch(/disk on fire/);
      expect((logged!.err as { stack: string }).stack).toMatch(/errors\.test\.ts/);
    } finally {
      t.gateway.services.orders.list = original;
    }
  });

  it('never let the API key reach the logs', () => {
    expect(JSON.stringify(t.logs)).not.toContain(TEST_ADMIN_KEY);
  });
});
