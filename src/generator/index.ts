/**
 * Seeded, deterministic generator of realistic sales data: channels, customers across locales
 * and channels, orders with lines, discounts, tax, shipping and refunds, live orders for demos,
 * and signed Shopify webhooks. Money is always integer minor units of one ISO-4217 currency.
 *
 * @example
 * const result = await seedDatabase(orm.em.fork(), { seed: 42, customers: 30_000, orders: 100_000 });
 * const id = await createLiveOrder(orm.em.fork(), new Random(7));
 * const { body, headers } = shopifyOrderWebhook(new Random(1), { secret: 's3cret', orderNumber: 1001 });
 *
 * @packageDocumentation
 */

export { Random } from './random';
export { BENCH_CHANNELS, DEMO_CHANNELS, profileFor, type ChannelProfile, type DemoChannel } from './channels';
export { seedDatabase, type SeedOptions, type SeedResult } from './seed-database';
export { createLiveOrder } from './live-order';
export { shopifyOrderWebhook, type ShopifyWebhook, type ShopifyWebhookOptions } from './shopify-payload';
export { buildOrder, type GeneratedLine, type GeneratedOrder, type BuildOrderInput } from './order-builder';
export { PRODUCTS, VARIANTS, unitPriceMinor } from './catalog';
