/**
 * Signed Shopify order webhooks from the generator, and concurrent senders that deliver them as
 * a channel does: every delivery POSTed with its own webhook id, its answer (or the network
 * error) kept, so that the ones without a 200 can be sent again.
 */
import http from 'node:http';

import { Random, shopifyOrderWebhook } from '../../src/generator';
import { currencyExponent } from '../../src/money/currency';
import { toMinor } from './shopify';

export interface OrderDelivery {
  body: string;
  headers: Record<string, string>;
  deliveryId: string;
  /** What the order must become: the channel's id, its currency, its total in minor units, its line count. */
  externalId: string;
  currencyCode: string;
  totalMinor: number;
  lines: number;
}

const CURRENCIES = ['USD', 'EUR', 'JPY', 'CNY'];

/** `count` new orders (orders/create), in several currencies, signed with the channel's secret. */
export function shopifyOrderDeliveries(count: number, secret: string, seed = 1): OrderDelivery[] {
  const rng = new Random(seed);
  const now = new Date('2026-11-20T10:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const currency = CURRENCIES[i % CURRENCIES.length];
    const { body, headers } = shopifyOrderWebhook(rng, { secret, orderNumber: 1001 + i, currency, now: new Date(now.getTime() + i * 1000) });
    const order = JSON.parse(body) as { id: number; total_price_set: { shop_money: { amount: string; currency_code: string } }; line_items: unknown[] };
    const total = order.total_price_set.shop_money;
    return {
      body,
      headers,
      deliveryId: headers['x-shopify-webhook-id'],
      externalId: String(order.id),
      currencyCode: total.currency_code,
      totalMinor: Number(toMinor(total.amount, currencyExponent(total.currency_code))),
      lines: order.line_items.length,
    };
  });
}

export interface Answer {
  /** 0: no answer (the connection was refused or cut). */
  status: number;
  body: { result?: string; error?: { code: string } } | null;
  retryAfter?: string;
  error?: string;
}

const agents = new Map<string, http.Agent>();

/** POSTs one delivery; a network failure is an answer with status 0, never a throw. */
export function deliver(baseUrl: string, route: string, delivery: { body: string; headers: Record<string, string> }): Promise<Answer> {
  const url = new URL(route, baseUrl);
  let agent = agents.get(url.host);
  if (!agent) agents.set(url.host, (agent = new http.Agent({ keepAlive: true, maxSockets: 64 })));
  const body = Buffer.from(delivery.body, 'utf8');
  return new Promise((resolve) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { ...delivery.headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ status: 0, body: null, error: error.message }));
        res.on('end', () => {
          let parsed: Answer['body'] = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: kept as null
          }
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body: parsed, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
        });
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: null, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

/**
 * Sends the deliveries at `indices` with `concurrency` senders, each taking the next one when its
 * last is answered, until all are sent or `stop` says so; `onAnswer` sees every answer as it
 * comes. Resolves with the answers by index (none for a delivery never sent).
 */
export async function sendConcurrently(
  baseUrl: string,
  route: string,
  deliveries: readonly OrderDelivery[],
  indices: readonly number[],
  concurrency: number,
  onAnswer?: (index: number, answer: Answer) => void,
  stop: () => boolean = () => false,
): Promise<Map<number, Answer>> {
  const answers = new Map<number, Answer>();
  let next = 0;
  const sender = async () => {
    while (next < indices.length && !stop()) {
      const index = indices[next++];
      const answer = await deliver(baseUrl, route, deliveries[index]);
      answers.set(index, answer);
      onAnswer?.(index, answer);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return answers;
}

/** Drops the kept-alive sockets (after a test, or to a gateway that is gone). */
export function closeSenders(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
