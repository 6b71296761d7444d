/**
 * A local stand-in for Amazon's v0 Orders API (getOrders paged by NextToken, getOrderItems paged
 * by NextToken), on 127.0.0.1, for the amazon-sp-api plugin's pull mode. It answers what the test
 * gives it: bodies as text (the shared samples as their files hold them) or objects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AmazonRequest {
  path: string;
  /** The query, by name. */
  query: Record<string, string>;
  accessToken: string | undefined;
}

export interface AmazonStandIn {
  baseUrl: string;
  /** getOrders answers: by `NextToken`, or by `LastUpdatedAfter` for a first page; unknown ones get an empty page. */
  orderPages: Map<string, string>;
  /** getOrderItems answers of each order: its pages, the first without NextToken in the request, the others by it. */
  itemPages: Map<string, Map<string, string>>;
  /**
   * Answers a request with this status instead, when the test wants the API to fail:
   * returns the status for a request, or null to answer normally.
   */
  failing: ((request: AmazonRequest) => number | null) | null;
  /** Holds getOrders answers until `open()` is called (to keep a run in progress). */
  hold(): { open(): void; reached: Promise<void> };
  requests: AmazonRequest[];
  close(): Promise<void>;
}

const text = (body: string | object) => (typeof body === 'string' ? body : JSON.stringify(body));

/** Serves `pages` of items for one order: page 1 first, each next page under the NextToken the previous one names. */
export function itemPagesOf(...pages: Array<string | object>): Map<string, string> {
  const byToken = new Map<string, string>();
  let token = '';
  for (const page of pages) {
    const body = text(page);
    byToken.set(token, body);
    token = (JSON.parse(body) as { payload?: { NextToken?: string } }).payload?.NextToken ?? '';
  }
  return byToken;
}

export async function startAmazonStandIn(): Promise<AmazonStandIn> {
  let held: { gate: Promise<void>; reached: () => void } | null = null;
  const standIn: AmazonStandIn = {
    baseUrl: '',
    orderPages: new Map(),
    itemPages: new Map(),
    failing: null,
    requests: [],
    hold() {
      let open!: () => void;
      let reached!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      held = { gate, reached };
      return {
        open: () => {
          held = null;
          open();
        },
        reached: reachedPromise,
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const request: AmazonRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      accessToken: req.headers['x-amz-access-token'] as string | undefined,
    };
    standIn.requests.push(request);
    const answer = (status: number, body: string) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(body);
    };
    const failure = standIn.failing?.(request) ?? null;
    if (failure !== null) return answer(failure, JSON.stringify({ errors: [{ code: failure === 429 ? 'QuotaExceeded' : 'InternalFailure', message: 'stand-in failure' }] }));

    if (url.pathname === '/orders/v0/orders') {
      const hold = held;
      if (hold) {
        hold.reached();
        await hold.gate;
      }
      const key = request.query.NextToken ?? request.query.LastUpdatedAfter ?? '';
      return answer(200, standIn.orderPages.get(key) ?? JSON.stringify({ payload: { Orders: [], LastUpdatedBefore: '2026-11-23T00:00:00Z' } }));
    }
    const items = /^\/orders\/v0\/orders\/([^/]+)\/orderItems$/.exec(url.pathname);
    if (items) {
      const page = standIn.itemPages.get(decodeURIComponent(items[1]))?.get(request.query.NextToken ?? '');
      if (page !== undefined) return answer(200, page);
    }
    return answer(404, JSON.stringify({ errors: [{ code: 'NotFound', message: 'stand-in: nothing here' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
