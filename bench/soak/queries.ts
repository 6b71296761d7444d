/**
 * The GraphQL side of `npm run bench:soak`: three queries a dashboard sends (the newest orders,
 * the newest customers with their stats, a month of sales per channel and day), the mix they are
 * sent in, and the check every answer must pass.
 */
import { REQUEST_BODY as ORDERS_BODY } from '../query/common';

export const QUERY_KINDS = ['orders', 'customers', 'salesSummary'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** Requests of each kind in every six: orders 3, customers 2, salesSummary 1. */
export const MIX: Readonly<Record<QueryKind, number>> = { orders: 3, customers: 2, salesSummary: 1 };

/** The order the mix is sent in, kinds interleaved (indexes into QUERY_KINDS). */
export const MIX_SEQUENCE: readonly number[] = [0, 1, 0, 2, 0, 1];

const CUSTOMERS_QUERY = `query Customers {
  customers(first: 50) {
    edges { node { id name
      stats { orderCount lifetimeValue { amount currencyCode } averageOrderValue { amount currencyCode } firstOrderAt lastOrderAt channels { code } }
      segment { tier recency frequency monetary }
    } }
  }
}`;

const SALES_QUERY = `query Sales($from: DateTime!, $to: DateTime!) {
  salesSummary(from: $from, to: $to, groupBy: [CHANNEL, DAY]) {
    channel { code } period currencyCode orders units
    grossSales { amount } discounts { amount } refunds { amount } netRevenue { amount } averageOrderValue { amount } refundRate
  }
}`;

/** The days before `now` (the seeded data's present) that the salesSummary query covers. */
export const SUMMARY_DAYS = 30;

/**
 * The last receipt time of the import files: an hour before the summary's window. A soak's drift
 * compares a first and a last minute of the same work, so every request must find as many rows
 * in its first minute as in its last. The webhooks' orders are placed now (after the window) and
 * the orders and customers queries read a page of the newest; receipts dated inside the window
 * would instead add to what every summary sums, more in each minute: a till export spread over the
 * 90 days up to `now` reaches the window with its last third, and took the summary's 15-minute
 * slots in it from 4,241 to 6,875 by the end of a run.
 */
export function importReceiptsEnd(now: Date): Date {
  return new Date(now.getTime() - SUMMARY_DAYS * 86_400_000 - 3_600_000);
}

/** The request body of each kind; the sales window is the SUMMARY_DAYS before `now`. */
export function queryBodies(now: Date): Record<QueryKind, string> {
  const from = new Date(now.getTime() - SUMMARY_DAYS * 86_400_000).toISOString();
  return {
    orders: ORDERS_BODY,
    customers: JSON.stringify({ query: CUSTOMERS_QUERY, operationName: 'Customers' }),
    salesSummary: JSON.stringify({ query: SALES_QUERY, variables: { from, to: now.toISOString() }, operationName: 'Sales' }),
  };
}

/** How many rows an answer holds, or why it is not an answer (GraphQL errors, no data). */
export function rowsOf(kind: QueryKind, text: string): { rows: number } | { failure: 'graphql' | 'body'; message: string } {
  let json: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { failure: 'body', message: `not JSON: ${text.slice(0, 200)}` };
  }
  if (json.errors?.length) return { failure: 'graphql', message: JSON.stringify(json.errors).slice(0, 300) };
  const root = json.data?.[kind];
  if (kind === 'salesSummary') return Array.isArray(root) ? { rows: root.length } : { failure: 'body', message: 'no salesSummary' };
  const edges = (root as { edges?: unknown[] } | undefined)?.edges;
  return Array.isArray(edges) ? { rows: edges.length } : { failure: 'body', message: `no ${kind}.edges` };
}
