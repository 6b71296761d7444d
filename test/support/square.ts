/**
 * Delivering Square webhooks to a real gateway the way Square does (body signed with the
 * notification URL, `x-square-hmacsha256-signature`), and a local stand-in for Square's
 * RetrieveOrder (`GET /v2/orders/{id}`) that order events fetch from.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CreateChannelDocument } from '../../src/testing/generated/graphql';
import type { TestGateway } from '../../src/testing/test-gateway';
import { postRawWebhook, type WebhookAnswer } from './raw-webhook';

export const SQUARE_SIGNATURE_KEY = 'square-webhook-signature-key';
export const SQUARE_TOKEN = 'EAAAl-test-access-token';
export const notificationUrlOf = (code: string) => `https://salesgraph.example.com/channels/${code}/webhooks`;

/** Square's signature: base64 HMAC-SHA256 of (notification URL + raw body). */
export function squareSignature(key: string, notificationUrl: string, body: Buffer | string): string {
  return createHmac('sha256', key).update(Buffer.concat([Buffer.from(notificationUrl), Buffer.from(body)])).digest('base64');
}

export async function createSquareChannel(t: TestGateway, code: string, apiBaseUrl: string): Promise<void> {
  const res = await t.gql(CreateChannelDocument, {
    input: {
      code,
      name: `Square ${code}`,
      kind: 'OFFLINE_STORE',
      plugin: 'square-pos',
      currencyCode: 'USD',
      webhookSecret: SQUARE_SIGNATURE_KEY,
      settings: { apiBaseUrl, accessToken: SQUARE_TOKEN, notificationUrl: notificationUrlOf(code) },
    },
  });
  if (res.errors) throw new Error(`could not create channel ${code}: ${JSON.stringify(res.errors)}`);
}

/** Posts a Square webhook event (an object, or the exact bytes of a sample) signed as Square signs it. */
export function sendSquareEvent(t: TestGateway, code: string, event: unknown): Promise<WebhookAnswer> {
  const body = Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event));
  return postRawWebhook(t, code, body, {
    'content-type': 'application/json',
    'x-square-hmacsha256-signature': squareSignature(SQUARE_SIGNATURE_KEY, notificationUrlOf(code), body),
  });
}

/** Posts an API response pushed by a connector, signed with X-Salesgraph-Signature. */
export function pushSquareResponse(t: TestGateway, code: string, response: unknown): Promise<WebhookAnswer> {
  const body = Buffer.from(JSON.stringify(response));
  const signature = `sha256=${createHmac('sha256', SQUARE_SIGNATURE_KEY).update(body).digest('hex')}`;
  return postRawWebhook(t, code, body, { 'content-type': 'application/json', 'x-salesgraph-signature': signature });
}

export interface SquareRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  squareVersion: string | undefined;
}

/** A stand-in for Square's Orders API on 127.0.0.1: the orders it knows by id, 404 for others. */
export interface SquareStandIn {
  baseUrl: string;
  /** The `{order}` answer per order id; change it to make Square "move on". */
  orders: Map<string, unknown>;
  requests: SquareRequest[];
  /** Set to answer every request with this status and Retry-After (Square throttling). */
  throttle: { status: number; retryAfter: string } | null;
  close(): Promise<void>;
}

export async function startSquareStandIn(): Promise<SquareStandIn> {
  const orders = new Map<string, unknown>();
  const requests: SquareRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, squareVersion: req.headers['square-version'] as string | undefined });
    if (standIn.throttle) {
      res.writeHead(standIn.throttle.status, { 'content-type': 'application/json', 'retry-after': standIn.throttle.retryAfter });
      res.end(JSON.stringify({ errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' }] }));
      return;
    }
    const match = /^\/v2\/orders\/([^/?]+)$/.exec(req.url ?? '');
    const answer = req.method === 'GET' && match ? orders.get(decodeURIComponent(match[1])) : undefined;
    res.setHeader('content-type', 'application/json');
    if (answer === undefined) {
      res.statusCode = 404;
      res.end(JSON.stringify({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: 'Order not found' }] }));
      return;
    }
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const standIn: SquareStandIn = {
    baseUrl: `http://127.0.0.1:${port}`,
    orders,
    requests,
    throttle: null,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return standIn;
}
