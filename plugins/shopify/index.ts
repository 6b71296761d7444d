import { defineChannelPlugin, invalid, skip, type NormalizeInput, type NormalizeResult } from '../../src/plugin-sdk';
import { normalizeCustomer } from './customer';
import { normalizeOrder } from './order';
import { normalizeRefund } from './refund';
import { header, shopifyDeliveryId, verifyShopify } from './verify';

const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'];
const CUSTOMER_TOPICS = ['customers/create', 'customers/update'];

/** Routes a webhook by its `X-Shopify-Topic`. */
function normalize({ payload, headers, channel }: NormalizeInput): NormalizeResult {
  const topic = header(headers, 'x-shopify-topic')?.trim().toLowerCase();
  if (!topic) return invalid('X-Shopify-Topic header is missing', '');
  if (ORDER_TOPICS.includes(topic)) return normalizeOrder(payload, channel);
  if (topic === 'refunds/create') return normalizeRefund(payload, channel);
  if (CUSTOMER_TOPICS.includes(topic)) return normalizeCustomer(payload);
  return skip(`the shopify plugin does not take topic "${topic}" (it takes ${[...ORDER_TOPICS, 'refunds/create', ...CUSTOMER_TOPICS].join(', ')})`);
}

/** Shopify webhooks: orders, refunds and customers. See README.md. */
export default defineChannelPlugin({
  name: 'shopify',
  kind: 'STOREFRONT',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'Shopify webhooks (orders, refunds, customers), topic in X-Shopify-Topic, signed with X-Shopify-Hmac-Sha256',
  settings: {},
  verify: verifyShopify,
  deliveryId: shopifyDeliveryId,
  normalize,
});
