/**
 * The amazon-sp-api channel plugin (MARKETPLACE): Amazon Selling Partner API Orders responses
 * pushed by a connector, signed with `X-Salesgraph-Signature`, and ORDER_CHANGE notifications.
 * README.md documents every mapping.
 *
 *   shapes.ts          which response a delivery is, by its shape
 *   v0-normalize.ts    v0 getOrders / getOrder / getOrderItems / getOrderBuyerInfo / getOrderAddress → order parts
 *   v0-parts.ts        the readers of those parts; v0-assemble.ts joins them into an order
 *   v2026-order.ts     2026-01-01 searchOrders / getOrder → orders
 *   notification.ts    ORDER_CHANGE → cancellation or skip
 *   pull.ts            pull mode: pages getOrders (and each order's getOrderItems) since the cursor
 *   amounts.ts, split-lines.ts, status.ts, customer.ts, verify.ts
 */
import { defineChannelPlugin, PayloadReader, record, skip, invalid } from '../../src/plugin-sdk';
import { orderChange } from './notification';
import { amazonPull } from './pull';
import { shapeOf } from './shapes';
import { assembleV0 } from './v0-assemble';
import { v0Parts } from './v0-normalize';
import { orderOf2026 } from './v2026-order';
import { amazonDeliveryId } from './verify';

export default defineChannelPlugin({
  name: 'amazon-sp-api',
  kind: 'MARKETPLACE',
  version: '0.2.0',
  sdk: '^1.1.0',
  description: 'Amazon SP-API Orders responses (v0, joined by AmazonOrderId; 2026-01-01) and ORDER_CHANGE notifications, pushed with X-Salesgraph-Signature',
  settings: {
    pricesIncludeTax: {
      type: 'boolean',
      default: false,
      description: 'Whether v0 ItemPrice, ShippingPrice and GiftWrapPrice include the tax stated beside them (VAT marketplaces: EU, UK, JP)',
    },
    pull: {
      type: 'boolean',
      default: false,
      description: 'Pull mode: poll the v0 Orders API (getOrders since the last run, and each order\'s getOrderItems) instead of waiting for a connector to push',
    },
    apiBaseUrl: {
      type: 'url',
      default: 'https://sellingpartnerapi-na.amazon.com',
      description: 'Pull mode: the Selling Partner API endpoint of the account\'s region',
      example: 'https://sellingpartnerapi-eu.amazon.com',
    },
    marketplaceIds: {
      type: 'string',
      description: 'Pull mode: the marketplaces to pull orders of, comma-separated (MarketplaceIds)',
      example: 'ATVPDKIKX0DER',
    },
    accessToken: {
      type: 'string',
      secret: true,
      description: 'Pull mode: the Login with Amazon access token, sent as x-amz-access-token',
    },
    pullUpdatedAfter: {
      type: 'string',
      description: 'Pull mode: where the first pull starts, an ISO-8601 time with an offset (LastUpdatedAfter); later runs start from the saved cursor',
      example: '2026-11-01T00:00:00Z',
    },
  },
  deliveryId: amazonDeliveryId,
  normalize({ payload, channel }) {
    const shape = shapeOf(payload);
    switch (shape) {
      case 'v0-orders':
      case 'v0-order':
      case 'v0-items':
      case 'v0-buyer':
      case 'v0-address': {
        const warnings: string[] = [];
        const parts = v0Parts(shape, payload, warnings);
        return parts.length ? record(parts, warnings) : skip('a getOrders page without orders');
      }
      case 'v2026-orders': {
        const warnings: string[] = [];
        const orders = PayloadReader.of(payload).items('orders').map((order) => orderOf2026(order, channel, warnings));
        return orders.length ? record(orders, warnings) : skip('a searchOrders page without orders');
      }
      case 'v2026-order': {
        const warnings: string[] = [];
        return record(orderOf2026(PayloadReader.of(payload).at('order'), channel, warnings), warnings);
      }
      case 'order-change':
        return orderChange(payload);
      case 'other-notification':
        return skip(`notification type ${JSON.stringify(String((payload as Record<string, unknown>).NotificationType)).slice(0, 60)} carries no order change salesgraph takes`);
      case 'v0-errors':
        return skip('an Orders API error response carries no order');
      case 'unknown':
        return invalid('not an Amazon Orders API response (v0 {payload}, 2026 {orders} or {order}) nor a notification', '');
    }
  },
  assemble: assembleV0,
  pull: amazonPull,
});
