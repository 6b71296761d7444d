import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { Role } from '../src/auth/role';
import { makeChannel } from '../src/testing/factories';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestGateway();
  await makeChannel(t.em(), { code: 'web' });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
});

function connect(connectionParams: Record<string, unknown> | undefined): Client {
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(client);
  return client;
}

function run<T>(client: Client, query: string): Promise<{ data?: T; errors?: unknown }> {
  return new Promise((resolve, reject) => {
    let result: { data?: T; errors?: unknown } = {};
    client.subscribe<T>({ query }, {
      next: (value) => {
        result = value as typeof result;
      },
      error: reject,
      complete: () => resolve(result),
    });
  });
}

describe('GraphQL over WebSocket (graphql-transport-ws) on /graphql', () => {
  it('runs an operation for a key sent in connection_init', async () => {
    const client = connect({ authorization: `Bearer ${TEST_ADMIN_KEY}` });
    const res = await run<{ channels: Array<{ code: string }> }>(client, '{ channels { code } }');
    expect(res.data).toEqual({ channels: [{ code: 'web' }] });
  });

  it('applies the key\'s role to operations on the socket', async () => {
    const key = await t.keyFor(Role.DASHBOARD);
    const client = connect({ authorization: `Bearer ${key}` });
    const res = await run(client, '{ apiKeys { id } }');
    expect(JSON.stringify(res.errors)).toMatch(/FORBIDDEN/);
  });

  it.each([
    ['no key', undefined],
    ['an unknown key', { authorization: 'Bearer sg_nope' }],
  ])('closes the socket with 4403 for %s', async (_label, params) => {
    const client = connect(params);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    await expect(run(client, '{ channels { code } }')).rejects.toBeDefined();
    expect(await closed).toBe(4403);
  });

  it('acknowledges connection_init on the graphql-transport-ws subprotocol', async () => {
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.protocol).toBe('graphql-transport-ws');
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }));
    const reply = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(reply)).toEqual({ type: 'connection_ack' });
    socket.close();
  });
});
