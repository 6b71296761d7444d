import { Client } from 'pg';

import { POSTGRES_WRITE_OPTIONS } from '../src/db/sql-writer';
import { reboundCustomerStats } from '../src/ingest/store/customer-stats-sql';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { TEST_DIALECT } from '../src/testing/test-database';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder as order, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

/**
 * The write path re-seeks a customer's first and last orders where one of them changed (a refund,
 * a return, a cancellation). It must walk that customer's entries of the (customer_id, placed_at)
 * index, however many orders the channel holds and whatever the statistics say: a plan from no
 * statistics (a young table, autovacuum off or behind) read every order of the channel instead,
 * 20 ms a group on an import of 100,000 orders.
 */
const SECRET = 'acme-webhook-secret';
const CHANNEL_ORDERS = 50_000;
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  const res = await t.gql(CreateChannelDocument, {
    input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(res.errors).toBeUndefined();
});

afterAll(() => t?.stop());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

// PostgreSQL compiles costly statements to machine code (JIT); SQLite compiles nothing
if (TEST_DIALECT === 'postgresql') {
  it('compiles no statement of the write path, however costly the planner takes it to be', async () => {
    // every statement past the cost at which PostgreSQL would compile it
    const client = new Client({ connectionString: t.gateway.config.database.url, options: `${POSTGRES_WRITE_OPTIONS} -c jit_above_cost=0` });
    await client.connect();
    try {
      const { rows } = await client.query('explain (analyze, format json) select count(*), sum(total_minor) from "order" where id > $1', [0]);
      const [plan] = rows[0]['QUERY PLAN'] as Array<Record<string, unknown>>;
      expect(plan.Plan).toBeDefined();
      expect(plan.JIT).toBeUndefined();
    } finally {
      await client.end();
    }
  });
}

it("re-seeks a customer's first and last orders in the customer's index entries, not among the channel's orders", async () => {
  const text = JSON.stringify({ orders: [order('P-1')] });
  const res = await postWebhook(t, 'acme', text, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, text) });
  expect(res.status).toBe(200);
  const connection = t.em().getConnection();
  const [{ id: customerId }] = await connection.execute<Array<{ id: number }>>('select id from customer where email = ?', ['buyer-p-1@example.com']);
  // many more orders of the channel, of no customer, all placed before the customer's; the table never analyzed
  const postgres = TEST_DIALECT === 'postgresql';
  const copies = postgres ? 'select g from generate_series(1, ?) as g' : 'with recursive s(g) as (select 1 union all select g + 1 from s where g < ?) select g from s';
  const earlier = postgres ? "o.placed_at - c.g * interval '1 second'" : 'o.placed_at - c.g * 1000';
  await connection.execute(
    `insert into "order" (channel_id, external_id, number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, ` +
      'tax_total_minor, shipping_total_minor, total_minor, refunded_total_minor, taxes_included, coupon_codes, content_hash, created_at, updated_at) ' +
      `select o.channel_id, o.external_id || '-' || c.g, o.number, o.status, ${earlier}, null, o.currency_code, o.subtotal_minor, o.discount_total_minor, ` +
      'o.tax_total_minor, o.shipping_total_minor, o.total_minor, o.refunded_total_minor, o.taxes_included, o.coupon_codes, o.content_hash, o.created_at, o.updated_at ' +
      `from "order" as o, (${copies}) as c`,
    [CHANNEL_ORDERS],
    'run',
  );

  if (TEST_DIALECT === 'postgresql') {
    await connection.execute('alter table "order" set (autovacuum_enabled = false)');
    // a connection of the write path's own settings
    const client = new Client({ connectionString: t.gateway.config.database.url, options: POSTGRES_WRITE_OPTIONS });
    await client.connect();
    try {
      const sql = reboundCustomerStats('postgresql').replace('?', '$1');
      const { rows } = await client.query(`explain (format json) ${sql}`, [[customerId]]);
      const nodes = nodesOf((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
      const onOrders = nodes.filter((n) => n['Relation Name'] === 'order');
      expect(onOrders.length).toBeGreaterThan(0);
      expect(nodes.filter((n) => /Bitmap/.test(n['Node Type']))).toEqual([]);
      expect(onOrders.map((n) => [n['Node Type'].replace(' Backward', ''), n['Index Name']])).toEqual(
        onOrders.map(() => ['Index Scan', 'order_customer_placed_at_index']),
      );
    } finally {
      await client.end();
    }
  } else {
    const plan = await connection.execute<Array<{ detail: string }>>(`explain query plan ${reboundCustomerStats('sqlite')}`, [JSON.stringify([customerId])]);
    // the statement's "order" is aliased o
    const onOrders = plan.map((row) => row.detail).filter((detail) => /^(SCAN|SEARCH) o\b/.test(detail));
    expect(onOrders).toEqual(['SEARCH o USING INDEX order_customer_placed_at_index (customer_id=?)', 'SEARCH o USING INDEX order_customer_placed_at_index (customer_id=?)']);
  }
});
