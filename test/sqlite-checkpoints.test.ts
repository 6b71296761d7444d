import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

// On embedded SQLite the write-ahead log is checkpointed by a thread of the gateway's own, never
// by the commit of a request's transaction (see src/db/sqlite-checkpoints.ts).
const SECRET = 'checkpoint-secret';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  const res = await t.gql('mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }', {
    input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(res.errors).toBeUndefined();
});

afterAll(() => t?.stop());

/** The figures /metrics shows for the checkpoint thread. */
async function checkpointMetrics() {
  const text = (await t.http().get('/metrics').expect(200)).text;
  const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
  return {
    passive: value(/^salesgraph_sqlite_checkpoints_total\{mode="passive"\} (\d+)$/m),
    any: /^salesgraph_sqlite_checkpoints_total\{/m.test(text),
    logged: value(/^salesgraph_sqlite_wal_frames\{state="logged"\} (\d+)$/m),
    checkpointed: value(/^salesgraph_sqlite_wal_frames\{state="checkpointed"\} (\d+)$/m),
  };
}

describe('write-ahead log checkpoints', () => {
  it('run on their own thread on SQLite, the write path never checkpointing at commit; PostgreSQL has none', async () => {
    // enough orders to fill the log past a checkpoint's worth (1,000 pages) many times over
    for (let batch = 0; batch < 10; batch++) {
      const orders = Array.from({ length: 50 }, (_, i) =>
        acmeOrder(`cp-${batch}-${i}`, { lines: Array.from({ length: 20 }, (_, l) => ({ sku: `SKU-${l}`, title: 'x'.repeat(200), qty: 1, price: '1.50' })) }),
      );
      const body = JSON.stringify({ orders });
      await postWebhook(t, 'acme', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) }).expect(200);
    }
    if (t.gateway.config.database.dialect === 'postgresql') {
      expect((await checkpointMetrics()).any).toBe(false);
      return;
    }
    const [setting] = await t.em().getConnection().execute('pragma wal_autocheckpoint');
    expect(Number(Object.values(setting)[0])).toBe(0);
    // within a few intervals the thread has copied the whole log into the database file
    const deadline = Date.now() + 10_000;
    let seen = await checkpointMetrics();
    while (!(seen.logged > 1_000 && seen.checkpointed === seen.logged) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await checkpointMetrics();
    }
    expect(seen.passive).toBeGreaterThan(0);
    expect(seen.logged).toBeGreaterThan(1_000);
    expect(seen.checkpointed).toBe(seen.logged);
  });
});
