/**
 * Orders the attribution job never read as events: those that came in before their campaign
 * existed (a promotion run on a marketplace and entered in salesgraph afterwards), and those whose
 * events were pruned before it ran. Either way the campaign's window is gone over and they are found.
 */
import { EventPruner } from '../src/events/event-pruner';
import { CreateCampaignDocument, OrderCampaignsDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify } from './support/shopify';
import { prunerSeenLater } from './support/pruner';
import { shopifyOrderBody } from './support/shopify-order';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web-eu', 'EUR');
});

afterAll(() => t?.stop());

const codesOf = async (externalId: string) =>
  (await t.gql(OrderCampaignsDocument, { channelCode: 'web-eu', externalId })).data!.orderByExternalId!.campaigns.map((c) => c.code);

it('attributes orders that came in before their campaign existed', async () => {
  const order = (id: number, placedAt: string) => ({ id, placedAt, currency: 'EUR', discountCodes: ['LATE10'], lines: [{ sku: 'TEE', price: '20.00', quantity: 1, discount: '2.00' }] });
  expect((await sendShopify(t, 'web-eu', shopifyOrderBody(order(501, '2026-03-02T10:00:00Z')))).status).toBe(200);
  expect((await sendShopify(t, 'web-eu', shopifyOrderBody(order(502, '2026-04-02T10:00:00Z')))).status).toBe(200);
  expect(await t.gateway.attribution.runOnce()).toEqual({ events: 0, campaigns: 0 });

  const res = await t.gql(CreateCampaignDocument, {
    input: { code: 'late10', name: 'March', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z', coupons: [{ code: 'LATE10' }], rule: { kind: 'PERCENT_OFF', percent: '10' } },
  });
  expect(res.errors).toBeUndefined();
  expect(await t.gateway.attribution.runOnce()).toMatchObject({ campaigns: 1 });
  expect(await codesOf('501')).toEqual(['late10']);
  // the same code, used after the campaign's window: not its order
  expect(await codesOf('502')).toEqual([]);
});

it('goes over every campaign again when events it had not read were pruned (it was stopped longer than the log keeps them)', async () => {
  const order = { id: 503, placedAt: '2026-03-05T10:00:00Z', currency: 'EUR', discountCodes: ['LATE10'], lines: [{ sku: 'TEE', price: '20.00', quantity: 1, discount: '2.00' }] };
  expect((await sendShopify(t, 'web-eu', shopifyOrderBody(order))).status).toBe(200);
  // the order's events removed before the job read them: seen from 40 days ahead, everything is old
  const pruner = new EventPruner(prunerSeenLater(t));
  expect(await pruner.runOnce()).toBeGreaterThan(0);
  await pruner.stop();
  expect(await t.gateway.attribution.runOnce()).toMatchObject({ campaigns: 1 });
  expect(await codesOf('503')).toEqual(['late10']);
});
