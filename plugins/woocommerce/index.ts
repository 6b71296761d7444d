/**
 * The woocommerce channel plugin (STOREFRONT): WooCommerce's order and customer webhooks
 * (REST API v3 resources), signed with `X-WC-Webhook-Signature`, plus REST pages of orders and
 * refund resources pushed by a connector. README.md documents every mapping.
 *
 *   verify.ts       X-WC-Webhook-Signature (base64 HMAC-SHA256), X-WC-Webhook-Delivery-ID
 *   topics.ts       X-WC-Webhook-Topic → order / customer / refund / skip (ping, deletions, others)
 *   order.ts        the order; order-lines.ts its lines and fees; status.ts the status table
 *   customer.ts     the buyer (registered or guest) and the customer resource
 *   refund.ts       the refund resource
 *   times.ts        `*_gmt` times: UTC without a Z
 */
import { defineChannelPlugin, PayloadError, PayloadReader, record, skip, type ChannelContext, type NormalizeResult } from '../../src/plugin-sdk';
import { customerRecord } from './customer';
import { orderOf } from './order';
import { refundRecord } from './refund';
import { routeOf } from './topics';
import { verifyWooCommerce, wooCommerceDeliveryId } from './verify';

/**
 * A REST page of orders (`GET /wc/v3/orders`), taken whole or not at all. A bad field is
 * rejected at its path inside the page ("[1].line_items[0].total").
 */
function ordersPage(page: unknown[], channel: ChannelContext): NormalizeResult {
  if (page.length === 0) return skip('an empty list of orders');
  const warnings: string[] = [];
  const orders = page.map((element, i) => {
    try {
      return orderOf(PayloadReader.of(element), channel, warnings);
    } catch (error) {
      if (error instanceof PayloadError) throw new PayloadError(error.path ? `[${i}].${error.path}` : `[${i}]`, error.message);
      throw error;
    }
  });
  return record(orders, warnings);
}

export default defineChannelPlugin({
  name: 'woocommerce',
  kind: 'STOREFRONT',
  version: '0.1.0',
  sdk: '^1.0.0',
  description: "WooCommerce order and customer webhooks (REST v3 resources, X-WC-Webhook-Signature), and REST order pages and refunds pushed by a connector",
  settings: {},
  verify: verifyWooCommerce,
  deliveryId: wooCommerceDeliveryId,
  normalize({ payload, headers, channel }) {
    const route = routeOf(payload, headers);
    switch (route.kind) {
      case 'skip':
        return skip(route.reason);
      case 'customer':
        return record(customerRecord(PayloadReader.of(payload)));
      case 'refund':
        return record(refundRecord(PayloadReader.of(payload), channel));
      case 'order': {
        if (Array.isArray(payload)) return ordersPage(payload, channel);
        const warnings: string[] = [];
        return record(orderOf(PayloadReader.of(payload), channel, warnings), warnings);
      }
    }
  },
});
