import { createHmac } from 'node:crypto';

import type { TestGateway } from './test-gateway';

/** Signs a body the way every plugin without its own scheme expects: X-Salesgraph-Signature. */
export function salesgraphSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Posts a raw body to a channel's webhook route. */
export function postWebhook(t: TestGateway, channelCode: string, body: string | Buffer, headers: Record<string, string>) {
  const req = t.http().post(`/channels/${channelCode}/webhooks`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  // superagent would JSON-encode a Buffer sent as application/json: send the exact text
  return req.send(typeof body === 'string' ? body : body.toString('utf8'));
}

let acmeSerial = 0;

/**
 * An order in the acme-connector test plugin's format (USD 30.00, three mugs, a buyer with an
 * e-mail of its own); each call is a newer version (`updated_at` one second later than the last).
 */
export function acmeOrder(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    number: `A-${id}`,
    status: 'PAID',
    placed_at: '2026-11-20T10:00:00Z',
    updated_at: new Date(Date.UTC(2026, 10, 20, 10) + ++acmeSerial * 1000).toISOString(),
    currency: 'USD',
    total: '30.00',
    lines: [{ sku: 'MUG', title: 'Mug', qty: 3, price: '10.00' }],
    buyer: { id: `b-${id}`, email: `buyer-${id}@example.com`, name: 'Ana Buyer' },
    ...overrides,
  };
}
