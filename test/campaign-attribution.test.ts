/**
 * Orders that come in through the real webhook route are tied to campaigns (Order.campaigns) by
 * coupon code and by window + channel + SKU scope, and what they used up (coupon uses, budget,
 * flash units) is what priceCart then counts. Every figure below is worked out from the orders
 * listed here (EUR shop, June 2026; campaigns run 06-10 to 06-20):
 *   O1 06-05 Ann  2 × TEE 20.00, 4.00 off       before every window: nothing
 *   O2 06-12 Ann  2 × TEE 20.00, 4.00 off       summer10 (scope: TEE with a discount): 4.00 of its 5.00 budget
 *   O3 06-13 Ann  1 × MUG 12.00, 5.00 off SAVE5 save5 (coupon)
 *   O4 06-14 Bob  2 × MUG 5.00                  flash (MUG at its 5.00 flash price): 2 of 3 units
 *   O5 06-15 guest 1 × TEE 20.00, no discount   nothing (no sign of summer10)
 *   O6 06-25 Bob  1 × TEE 20.00, 2.00 off       after every window: nothing
 */
import {
  CampaignDocument,
  CreateCampaignDocument,
  CreateChannelDocument,
  OrderCampaignsDocument,
  PriceCartDocument,
  UpdateCampaignDocument,
  type CreateCampaignInput,
  type PriceCartInput,
} from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';
import { channelSample, wooSignature } from './support/channel-samples';
import { createShopifyChannel, sendShopify } from './support/shopify';
import { shopifyOrderBody, type ShopifyBuyer, type ShopifyOrderSpec } from './support/shopify-order';

let t: TestGateway;
const ids: Record<string, string> = {};

const ANN: ShopifyBuyer = { id: 9001, email: 'ann@example.com', first: 'Ann', last: 'Lee' };
const BOB: ShopifyBuyer = { id: 9002, email: 'bob@example.com', first: 'Bob', last: 'Ray' };
const WINDOW = { startsAt: '2026-06-10T00:00:00Z', endsAt: '2026-06-20T00:00:00Z' };

const ORDERS: Record<string, ShopifyOrderSpec> = {
  O1: { id: 801, placedAt: '2026-06-05T10:00:00Z', currency: 'EUR', buyer: ANN, lines: [{ sku: 'TEE', price: '20.00', quantity: 2, discount: '4.00' }] },
  O2: { id: 802, placedAt: '2026-06-12T10:00:00Z', currency: 'EUR', buyer: ANN, lines: [{ sku: 'TEE', price: '20.00', quantity: 2, discount: '4.00' }] },
  O3: { id: 803, placedAt: '2026-06-13T10:00:00Z', currency: 'EUR', buyer: ANN, discountCodes: ['save5'], lines: [{ sku: 'MUG', price: '12.00', quantity: 1, discount: '5.00' }] },
  O4: { id: 804, placedAt: '2026-06-14T10:00:00Z', currency: 'EUR', buyer: BOB, lines: [{ sku: 'MUG', price: '5.00', quantity: 2 }] },
  O5: { id: 805, placedAt: '2026-06-15T10:00:00Z', currency: 'EUR', buyer: null, lines: [{ sku: 'TEE', price: '20.00', quantity: 1 }] },
  O6: { id: 806, placedAt: '2026-06-25T10:00:00Z', currency: 'EUR', buyer: BOB, lines: [{ sku: 'TEE', price: '20.00', quantity: 1, discount: '2.00' }] },
};

async function send(spec: ShopifyOrderSpec): Promise<void> {
  const answer = await sendShopify(t, 'web-eu', shopifyOrderBody(spec));
  expect(answer.status).toBe(200);
}

async function campaignsOf(order: keyof typeof ORDERS) {
  const res = await t.gql(OrderCampaignsDocument, { channelCode: 'web-eu', externalId: String(ORDERS[order].id) });
  expect(res.errors).toBeUndefined();
  return res.data!.orderByExternalId!;
}

async function create(input: CreateCampaignInput): Promise<void> {
  const res = await t.gql(CreateCampaignDocument, { input });
  expect(res.errors).toBeUndefined();
  ids[input.code] = res.data!.createCampaign.id;
}

async function quote(input: Partial<PriceCartInput> & Pick<PriceCartInput, 'lines'>) {
  const res = await t.gql(PriceCartDocument, { input: { channelCode: 'web-eu', at: '2026-06-16T12:00:00Z', ...input } });
  expect(res.errors).toBeUndefined();
  return res.data!.priceCart;
}

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web-eu', 'EUR');
  await create({ code: 'summer10', name: 'Tees 10%', ...WINDOW, channelCodes: ['web-eu'], skus: ['TEE'], budget: { amount: '5.00', currencyCode: 'EUR' }, rule: { kind: 'PERCENT_OFF', percent: '10' } });
  await create({ code: 'save5', name: '5 off', ...WINDOW, coupons: [{ code: 'SAVE5', usageLimit: 2, perCustomerLimit: 1 }], rule: { kind: 'AMOUNT_OFF', amount: '5', currencyCode: 'EUR' } });
  await create({ code: 'flash', name: 'Mugs at 5', ...WINDOW, rule: { kind: 'FLASH_PRICE', currencyCode: 'EUR', sku: 'MUG', unitPrice: '5.00', unitCap: 3 } });
  for (const spec of Object.values(ORDERS)) await send(spec);
  await t.gateway.attribution.runOnce();
});

afterAll(() => t?.stop());

describe('campaign attribution', () => {
  it('ties each order to the campaigns it shows, by coupon and by window, channel and SKU', async () => {
    const seen: Record<string, string[]> = {};
    for (const order of Object.keys(ORDERS)) seen[order] = (await campaignsOf(order as keyof typeof ORDERS)).campaigns.map((c) => c.code);
    expect(seen).toEqual({ O1: [], O2: ['summer10'], O3: ['save5'], O4: ['flash'], O5: [], O6: [] });
    const save5 = await t.gql(CampaignDocument, { id: ids.save5 });
    expect(save5.data!.campaign!.coupons).toEqual([{ code: 'SAVE5', usageLimit: 2, perCustomerLimit: 1, uses: 1 }]);
  });

  it('counts what orders used when pricing: per-customer coupon limit, the budget left, the flash units left', async () => {
    const ann = (await campaignsOf('O2')).customer!.id;
    const bob = (await campaignsOf('O4')).customer!.id;
    const mug = [{ sku: 'MUG', quantity: 1, unitPrice: '12.00' }];
    const annQuote = await quote({ customerId: ann, couponCodes: ['SAVE5'], lines: mug });
    expect(annQuote.notApplied.find((n) => n.campaign.code === 'save5')!.reason).toBe('COUPON_CUSTOMER_LIMIT');
    const bobQuote = await quote({ customerId: bob, couponCodes: ['SAVE5'], lines: mug });
    expect(bobQuote.applied.map((a) => a.campaign.code)).toContain('save5');

    // 10% of 20.00 = 2.00, but 4.00 of the 5.00 budget is spent: 1.00 left
    const tee = await quote({ lines: [{ sku: 'TEE', quantity: 1, unitPrice: '20.00' }] });
    expect(tee.applied.find((a) => a.campaign.code === 'summer10')!.discount.amount).toBe('1.00');

    // 3 units at the flash price in all, 2 sold: one more MUG at 5.00, the second at 12.00
    const mugs = await quote({ lines: [{ sku: 'MUG', quantity: 2, unitPrice: '12.00' }] });
    expect(mugs.applied.find((a) => a.campaign.code === 'flash')).toMatchObject({ flashUnits: 1, discount: { amount: '7.00' } });
  });

  it('follows later changes: a second coupon use exhausts the code, a cancellation gives the use back', async () => {
    await send({ id: 807, placedAt: '2026-06-16T09:00:00Z', currency: 'EUR', buyer: BOB, discountCodes: ['SAVE5'], lines: [{ sku: 'MUG', price: '12.00', quantity: 1, discount: '5.00' }] });
    await t.gateway.attribution.runOnce();
    const guest = await quote({ couponCodes: ['save5'], lines: [{ sku: 'MUG', quantity: 1, unitPrice: '12.00' }] });
    expect(guest.notApplied.find((n) => n.campaign.code === 'save5')!.reason).toBe('COUPON_EXHAUSTED');
    // the campaigns a quote names come from memory; their coupons' uses are read as they are now
    const named = await t.gql<{ priceCart: { notApplied: Array<{ campaign: { code: string; coupons: Array<{ code: string; uses: number }> } }> } }, Record<string, never>>(
      `{ priceCart(input: { channelCode: "web-eu", at: "2026-06-16T12:00:00Z", couponCodes: ["SAVE5"], lines: [{ sku: "MUG", quantity: 1, unitPrice: "12.00" }] }) {
          notApplied { campaign { code coupons { code uses } } } } }`,
    );
    expect(named.data!.priceCart.notApplied.find((n) => n.campaign.code === 'save5')!.campaign.coupons).toEqual([{ code: 'SAVE5', uses: 2 }]);

    await send({ ...ORDERS.O3, cancelledAt: '2026-06-17T10:00:00Z', version: 60 * 24 * 4 });
    await t.gateway.attribution.runOnce();
    const o3 = await campaignsOf('O3');
    expect(o3).toMatchObject({ status: 'CANCELLED', campaigns: [] });
    expect((await t.gql(CampaignDocument, { id: ids.save5 })).data!.campaign!.coupons[0].uses).toBe(1);
  });

  it('goes over a campaign\'s window again when it changes', async () => {
    const res = await t.gql(UpdateCampaignDocument, { id: ids.summer10, input: { startsAt: '2026-06-13T00:00:00Z' } });
    expect(res.errors).toBeUndefined();
    await t.gateway.attribution.runOnce();
    expect((await campaignsOf('O2')).campaigns).toEqual([]);
    // the budget is whole again: 10% of 20.00
    const tee = await quote({ lines: [{ sku: 'TEE', quantity: 1, unitPrice: '20.00' }] });
    expect(tee.applied.find((a) => a.campaign.code === 'summer10')!.discount.amount).toBe('2.00');

    await t.gql(UpdateCampaignDocument, { id: ids.summer10, input: { startsAt: WINDOW.startsAt } });
    await t.gateway.attribution.runOnce();
    expect((await campaignsOf('O2')).campaigns.map((c) => c.code)).toEqual(['summer10']);
  });
});

describe('attribution by marketplace promotion id', () => {
  it("ties an Amazon order to the campaign naming one of its items' PromotionIds, and not to another", async () => {
    const channel = await t.gql(CreateChannelDocument, {
      input: { code: 'amazon-jp', name: 'Amazon.co.jp', kind: 'MARKETPLACE', plugin: 'amazon-sp-api', currencyCode: 'JPY', webhookSecret: 'amazon-secret' },
    });
    expect(channel.errors).toBeUndefined();
    const window = { startsAt: '2024-12-20T00:00:00Z', endsAt: '2025-01-05T00:00:00Z', channelCodes: ['amazon-jp'] };
    await create({ code: 'jp-winter', name: 'Winter sale', ...window, promotionIds: ['JP-WINTER-SALE-2024'], rule: { kind: 'PERCENT_OFF', percent: '10' } });
    await create({ code: 'jp-other', name: 'Another promotion', ...window, promotionIds: ['JP-SPRING-2025'], rule: { kind: 'PERCENT_OFF', percent: '10' } });
    // the 2026 searchOrders sample: order 250-1234567-8901234 of 2024-12-25, an item promoted by JP-WINTER-SALE-2024
    const raw = JSON.stringify(channelSample('amazon-sp-api', 'v2026-searchOrders-sandbox-jp-fba-2items-jpy-points-promo.json'));
    const answer = await postWebhook(t, 'amazon-jp', raw, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature('amazon-secret', raw) });
    expect(answer.status).toBe(200);
    await t.gateway.attribution.runOnce();
    const res = await t.gql(OrderCampaignsDocument, { channelCode: 'amazon-jp', externalId: '250-1234567-8901234' });
    expect(res.data!.orderByExternalId!.campaigns.map((c) => c.code)).toEqual(['jp-winter']);
  });
});

describe('attribution by WooCommerce coupon_lines', () => {
  it("ties a WooCommerce order to the campaign whose coupon its coupon_lines name", async () => {
    const channel = await t.gql(CreateChannelDocument, {
      input: { code: 'woo-us', name: 'Woo shop', kind: 'STOREFRONT', plugin: 'woocommerce', currencyCode: 'USD', webhookSecret: 'woo-secret' },
    });
    expect(channel.errors).toBeUndefined();
    await create({ code: 'woo-spring', name: 'Spring', startsAt: '2017-03-01T00:00:00Z', endsAt: '2017-04-01T00:00:00Z', coupons: [{ code: 'SPRING5' }], rule: { kind: 'PERCENT_OFF', percent: '5' } });
    // the shared order.created sample (order 727 of 2017-03-22), with a coupon line as WooCommerce writes one
    const order = channelSample('woocommerce', 'v3-order-create-processing-bacs-2lines-shipping.json') as Record<string, unknown>;
    order.coupon_lines = [{ id: 9001, code: 'spring5', discount: '0.00', discount_tax: '0.00', meta_data: [] }];
    const body = Buffer.from(JSON.stringify(order));
    const answer = await postWebhook(t, 'woo-us', body, {
      'content-type': 'application/json',
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-signature': wooSignature('woo-secret', body),
      'x-wc-webhook-delivery-id': 'woo-coupon-1',
    });
    expect(answer.status).toBe(200);
    await t.gateway.attribution.runOnce();
    const res = await t.gql(OrderCampaignsDocument, { channelCode: 'woo-us', externalId: '727' });
    expect(res.data!.orderByExternalId!.campaigns.map((c) => c.code)).toEqual(['woo-spring']);
    expect((await t.gql(CampaignDocument, { id: ids['woo-spring'] })).data!.campaign!.coupons[0].uses).toBe(1);
  });
});
