/**
 * The payload retention job: Shopify deliveries through the real webhook route, then the job run
 * with a clock that makes them old. Raw bodies go; what a repeated delivery is recognised by (its
 * delivery id and the stored answer, the order's content) stays, and so does the trace from a
 * delivery to its orders.
 */
import { bareObject, variantOf } from '../plugins/shopify/test-fixtures';
import { loadConfig } from '../src/config/config';
import { PayloadPruner, type PayloadPrunerOptions } from '../src/privacy/payload-pruner';
import { DeadLettersDocument, ReplayDeadLetterDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify } from './support/shopify';

const FOO_ORDER = 'rest-2026-07-order-create-fulfilled-customer-foo.json';
const DAY = 86_400_000;

let t: TestGateway;
let orderId: string;
let replayedId: string;
let waitingId: string;
const pruners: PayloadPruner[] = [];

/** A pruner of the gateway under test whose clock runs `days` ahead. */
function prunerAhead(days: number, options: Partial<PayloadPrunerOptions> = {}): PayloadPruner {
  const pruner = new PayloadPruner({
    orm: t.gateway.orm,
    dialect: process.env.SALESGRAPH_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite',
    log: t.gateway.log,
    retentionDays: 90,
    now: () => Date.now() + days * DAY,
    ...options,
  });
  pruners.push(pruner);
  return pruner;
}

const archive = () =>
  t.em().getConnection().execute<Array<{ delivery_id: string | null; body: string; result: unknown; redaction: string | null; redacted_at: unknown }>>(
    'select delivery_id, body, result, redaction, redacted_at from payload_archive order by id',
  );
const letters = async () => (await t.gql(DeadLettersDocument, { channelCode: 'web' })).data!.deadLetters;
const refusedOrder = (id: number) => variantOf(FOO_ORDER, (o) => Object.assign(o, { id, name: `#${id}`, line_items: o.line_items.map((l: object) => ({ ...l, price: 'twelve' })) }));

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web');
  const created = await sendShopify(t, 'web', bareObject(FOO_ORDER), { topic: 'orders/create', deliveryId: 'delivery-1' });
  expect(created.body.result).toBe('created');
  orderId = created.body.orderIds[0];
  // one refused order replayed after its fix (the stored payload corrected), one still waiting
  const [replayed, waiting] = [await sendShopify(t, 'web', refusedOrder(5001)), await sendShopify(t, 'web', refusedOrder(5002))];
  [replayedId, waitingId] = [replayed.body.deadLetterId, waiting.body.deadLetterId];
  const fixed = variantOf(FOO_ORDER, (o) => Object.assign(o, { id: 5001, name: '#5001' }));
  await t.em().getConnection().execute('update dead_letter set body = ? where id = ?', [JSON.stringify(fixed), Number(replayedId)]);
  expect((await t.gql(ReplayDeadLetterDocument, { id: replayedId })).data!.replayDeadLetter.accepted).toBe(true);
});

afterAll(async () => {
  await Promise.all(pruners.map((p) => p.stop()));
  await t?.stop();
});

describe('SALESGRAPH_PAYLOAD_RETENTION_DAYS', () => {
  it('keeps bodies 90 days unless set; 0 keeps them for ever', () => {
    expect(loadConfig({}).payloadRetentionDays).toBe(90);
    expect(loadConfig({ SALESGRAPH_PAYLOAD_RETENTION_DAYS: '0' }).payloadRetentionDays).toBe(0);
    expect(() => loadConfig({ SALESGRAPH_PAYLOAD_RETENTION_DAYS: '-1' })).toThrow(/SALESGRAPH_PAYLOAD_RETENTION_DAYS/);
  });
});

describe('the payload retention job', () => {
  it('removes nothing younger than the retention', async () => {
    const pruner = prunerAhead(89);
    expect(await pruner.runOnce()).toEqual({ archivedPayloads: 0, deadLetters: 0 });
    await pruner.stop();
    expect((await archive()).every((r) => r.body.length > 0 && r.redaction === null)).toBe(true);
  });

  it('removes nothing with a retention of 0, however old', async () => {
    const pruner = prunerAhead(10_000, { retentionDays: 0 });
    expect(await pruner.runOnce()).toEqual({ archivedPayloads: 0, deadLetters: 0 });
    await pruner.stop();
    expect((await archive()).every((r) => r.body.length > 0)).toBe(true);
  });

  it('runs in one process at a time: another holds the lease, nothing is removed', async () => {
    const holder = prunerAhead(91, { retentionDays: 100_000, holder: 'gateway-a' });
    expect(await holder.runOnce()).toEqual({ archivedPayloads: 0, deadLetters: 0 });
    const other = prunerAhead(91, { holder: 'gateway-b' });
    expect(await other.runOnce()).toEqual({ archivedPayloads: 0, deadLetters: 0 });
    expect((await archive()).every((r) => r.body.length > 0)).toBe(true);
    await holder.stop(); // gives the lease up
  });

  describe('past the retention', () => {
    let removed: Awaited<ReturnType<PayloadPruner['runOnce']>>;
    let before: Awaited<ReturnType<typeof archive>>;

    beforeAll(async () => {
      before = await archive();
      const pruner = prunerAhead(91, { holder: 'gateway-b' });
      removed = await pruner.runOnce();
      await pruner.stop();
    });

    it('empties the body of every archived delivery, and keeps its delivery id and answer', async () => {
      expect(removed.archivedPayloads).toBe(2);
      const after = await archive();
      expect(after.map((r) => [r.delivery_id, r.result])).toEqual(before.map((r) => [r.delivery_id, r.result]));
      for (const row of after) expect([row.body, row.redaction, row.redacted_at === null]).toEqual(['', 'RETENTION', false]);
    });

    it('empties the replayed dead letter and keeps the one still waiting for its replay', async () => {
      expect(removed.deadLetters).toBe(1);
      const [replayed, waiting] = [replayedId, waitingId].map(async (id) => (await letters()).find((l) => l.id === id)!);
      expect(await replayed).toMatchObject({ body: '', redaction: 'RETENTION' });
      expect(await waiting).toMatchObject({ redaction: null });
      expect((await waiting).body).toContain('"#5002"');
    });

    it('still answers a repeated delivery id as a duplicate of the first', async () => {
      const again = await sendShopify(t, 'web', bareObject(FOO_ORDER), { topic: 'orders/create', deliveryId: 'delivery-1' });
      expect(again.body).toEqual({ result: 'duplicate', orderIds: [orderId], outcomes: [{ externalId: '1073459972', result: 'duplicate' }] });
    });

    it('still answers the same order under a new delivery id as a duplicate', async () => {
      const again = await sendShopify(t, 'web', bareObject(FOO_ORDER), { topic: 'orders/create', deliveryId: 'delivery-2' });
      expect(again.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: '1073459972', result: 'duplicate' }] });
    });

    it('removes on its next run only what arrived since, then nothing', async () => {
      const pruner = prunerAhead(91, { holder: 'gateway-b' });
      expect(await pruner.runOnce()).toEqual({ archivedPayloads: 1, deadLetters: 0 });
      expect(await pruner.runOnce()).toEqual({ archivedPayloads: 0, deadLetters: 0 });
      await pruner.stop();
    });
  });
});
