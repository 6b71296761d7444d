/** The operations the dashboard sends, and the shapes of their answers (schema/schema.graphql). */

export interface Money {
  /** Exact decimal in major units, as many decimals as the currency has. */
  amount: string;
  currencyCode: string;
}

export type OrderEventType = 'CREATED' | 'UPDATED' | 'CANCELLED' | 'REFUNDED';

export interface OrderEvent {
  cursor: string;
  type: OrderEventType;
  occurredAt: string;
  order: {
    id: string;
    externalId: string;
    number: string | null;
    status: string;
    placedAt: string;
    total: Money;
    channel: { code: string; name: string; kind: string };
  };
}

export interface ChannelTicker {
  channelCode: string;
  orders: number;
  revenue: Money[];
  averageOrderValue: Money[];
}

export interface SalesTicker {
  at: string;
  windowSeconds: number;
  channels: ChannelTicker[];
}

export const EVENT_CURSOR = 'query DashboardEventCursor { eventCursor }';

export const ORDER_EVENTS = `subscription DashboardOrderEvents($after: String) {
  orderEvents(after: $after) {
    cursor
    type
    occurredAt
    order {
      id
      externalId
      number
      status
      placedAt
      total { amount currencyCode }
      channel { code name kind }
    }
  }
}`;

export const SALES_TICKER = `subscription DashboardSalesTicker($windowSeconds: Int) {
  salesTicker(windowSeconds: $windowSeconds) {
    at
    windowSeconds
    channels {
      channelCode
      orders
      revenue { amount currencyCode }
      averageOrderValue { amount currencyCode }
    }
  }
}`;
