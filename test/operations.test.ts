import { ChannelsDocument } from '../src/testing/generated/graphql';
import { MAX_OPERATION_NAMES } from '../src/server/metrics';
import { TEST_DIALECT } from '../src/testing/test-database';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(() => t?.stop());

describe('operations endpoints', () => {
  it('/healthz says the process is alive', async () => {
    const res = await t.http().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz says the database answers', async () => {
    const res = await t.http().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });

  it('/metrics counts HTTP requests and GraphQL operations with latency histograms', async () => {
    await t.gql(ChannelsDocument, {});
    await t.gql('{ nope }');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.text;
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/graphql",status_code="200"\} [1-9]/);
    expect(text).toMatch(/graphql_operations_total\{operation_type="query",operation_name="Channels",outcome="ok"\} 1/);
    // the operation is in its latency histogram, whatever its time (a cold first query on a busy machine may take > 0.1 s)
    expect(text).toMatch(/graphql_operation_duration_seconds_bucket\{le="\+Inf",operation_type="query",operation_name="Channels"\} 1/);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation_type="query",operation_name="Channels"\} 1/);
    expect(text).toMatch(/graphql_operation_duration_seconds_sum\{operation_type="query",operation_name="Channels"\} (?!0\n)\d/);
    expect(text).toMatch(/graphql_operations_total\{operation_type="unknown",operation_name="anonymous",outcome="error"\} 1/);
    expect(text).toMatch(/salesgraph_process_resident_memory_bytes \d+/);
  });

  it('/metrics counts webhook deliveries under their route, whichever way the path is written', async () => {
    await t.http().post('/channels/nowhere/webhooks').set('content-type', 'application/json').send('{}');
    await t.http().post('/channels/nowhere/webhooks/').set('content-type', 'application/json').send('{}');
    await t.http().post('/CHANNELS/nowhere/webhooks').set('content-type', 'application/json').send('{}');
    const text = (await t.http().get('/metrics')).text;
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/channels\/:code\/webhooks",status_code="404"\} 3/);
  });

  it('answers a webhook with the caller\'s request id, or a new one', async () => {
    const given = await t.http().post('/channels/nowhere/webhooks').set('x-request-id', 'hook-1').send('{}');
    expect(given.status).toBe(404);
    expect(given.body.error.code).toBe('UNKNOWN_CHANNEL');
    expect(given.headers['x-request-id']).toBe('hook-1');
    const made = await t.http().post('/channels/nowhere/webhooks').send('{}');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes the caller\'s request id, or makes one', async () => {
    const given = await t.http().get('/healthz').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http().get('/healthz');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes structured JSON logs', () => {
    const listening = t.logs.find((l) => l.msg === 'salesgraph gateway listening');
    expect(listening).toMatchObject({ level: 30, service: 'salesgraph', url: t.url });
    expect(typeof listening!.time).toBe('string');
  });
});

describe('metrics under abuse', () => {
  it('gives the first distinct operation names series of their own and counts the rest under (other)', async () => {
    const names = Array.from({ length: MAX_OPERATION_NAMES + 30 }, (_, i) => `Probe${i}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((name) => t.gql(`query ${name} { __typename }`)));
    }
    const text = (await t.http().get('/metrics')).text;
    const labelled = new Set([...text.matchAll(/graphql_operations_total\{operation_type="[a-z]+",operation_name="([^"]*)"/g)].map((m) => m[1]));
    expect(labelled.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 1);
    expect(labelled.has('(other)')).toBe(true);
    const other = text.match(/graphql_operations_total\{operation_type="query",operation_name="\(other\)",outcome="ok"\} (\d+)/);
    expect(Number(other?.[1])).toBeGreaterThanOrEqual(30);
  });

  it('labels a request no route matched by its mount point or as unmatched, never by its raw path', async () => {
    await t.http().get('/no/such/path/8f3a');
    await t.http().post('/no/such/path/8f3a').set('content-type', 'application/json').send('{"truncated');
    const text = (await t.http().get('/metrics')).text;
    expect(text).not.toMatch(/8f3a/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} [1-9]/);
  });
});

describe('database upkeep', () => {
  it('warns at start when PostgreSQL runs without autovacuum, and only then', async () => {
    const warning = t.logs.find((l) => l.autovacuum === 'off');
    if (TEST_DIALECT !== 'postgresql') {
      expect(warning).toBeUndefined();
      return;
    }
    const [row] = await t.em().getConnection().execute("select current_setting('autovacuum') = 'on' and current_setting('track_counts') = 'on' as on");
    if (row.on) {
      expect(warning).toBeUndefined();
    } else {
      expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/^autovacuum is off on this PostgreSQL server .*VACUUM ANALYZE/) });
    }
  });
});
